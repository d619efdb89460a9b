// The position ledger: average cost over partial fills, realised P&L gross of fees, unrealised at the mark,
// round trips net of every fee, a base-asset fee that reduces the position, and one clear error for fills a
// long-flat position cannot take.
import { describe, expect, it } from 'vitest';
import { PositionLedger, type LedgerFill } from '../../src/model/index.js';

function fill(side: 'BUY' | 'SELL', qty: string, price: string, fee = '0'): LedgerFill {
  return { side, price, qty, fee };
}

describe('PositionLedger', () => {
  it('keeps the average cost over partial buys and moves it out in proportion on partial sells', () => {
    const l = new PositionLedger();
    l.applyFill(fill('BUY', '0.5', '100', '0.05'));
    l.applyFill(fill('BUY', '1.5', '104', '0.156'));
    expect(l.qty.toFixed()).toBe('2');
    expect(l.costBasis.toFixed()).toBe('206');
    expect(l.avgEntry?.toFixed()).toBe('103');

    const first = l.applyFill(fill('SELL', '0.5', '110', '0.055'));
    // 0.5 × 110 − 206 × 0.5 / 2 = 55 − 51.5
    expect(first.realized.toFixed()).toBe('3.5');
    expect(first.roundTripNet).toBeNull();
    expect(l.costBasis.toFixed()).toBe('154.5');
    expect(l.avgEntry?.toFixed()).toBe('103');

    l.mark('102');
    // 1.5 × 102 − 154.5
    expect(l.unrealized.toFixed()).toBe('-1.5');
    expect(l.fees.toFixed()).toBe('0.261');
    expect(l.netPnl.toFixed()).toBe('1.739');

    const last = l.applyFill(fill('SELL', '1.5', '101', '0.1515'));
    // 151.5 − 154.5
    expect(last.realized.toFixed()).toBe('-3');
    expect(l.realized.toFixed()).toBe('0.5');
    // the round trip: realised 0.5 − fees (0.05 + 0.156 + 0.055 + 0.1515)
    expect(last.roundTripNet?.toFixed()).toBe('0.0875');
    expect(l.qty.isZero()).toBe(true);
    expect(l.avgEntry).toBeNull();
    expect(l.unrealized.toFixed()).toBe('0');
    expect(l.netPnl.toFixed()).toBe('0.0875');
  });

  it('rounds a non-terminating cost share to 16 places and keeps the rest in the position, so the total stays exact', () => {
    const l = new PositionLedger();
    l.applyFill(fill('BUY', '1', '1'));
    l.applyFill(fill('BUY', '2', '1.5'));
    expect(l.avgEntry?.toFixed()).toBe('1.3333333333333333');
    expect(l.applyFill(fill('SELL', '1', '2')).realized.toFixed()).toBe('0.6666666666666667');
    expect(l.costBasis.toFixed()).toBe('2.6666666666666667');
    expect(l.applyFill(fill('SELL', '2', '2')).realized.toFixed()).toBe('1.3333333333333333');
    // (2 + 4) − (1 + 3): exact
    expect(l.realized.toFixed()).toBe('2');
  });

  it('values the position at the last mark, and at its average entry before any mark', () => {
    const l = new PositionLedger();
    l.applyFill(fill('BUY', '2', '50'));
    expect(l.unrealized.toFixed()).toBe('0');
    l.mark('50.25');
    expect(l.unrealized.toFixed()).toBe('0.5');
    l.mark('49');
    expect(l.unrealized.toFixed()).toBe('-2');
  });

  it('gives net P&L as realised + unrealised − fees at every step, whatever mark and fill came last, a repeated mark included', () => {
    const l = new PositionLedger();
    const net = (): string => l.realized.plus(l.unrealized).minus(l.fees).toFixed();
    const steps: Array<LedgerFill | string> = ['100', '100', fill('BUY', '2', '100', '0.2'), '100', '101', '101', fill('SELL', '0.5', '102', '0.05'), '101', '99.5', fill('BUY', '1', '99', '0.1'), '99.5', fill('SELL', '2.5', '98', '0.25'), '98'];
    for (const step of steps) {
      if (typeof step === 'string') l.mark(step);
      else l.applyFill(step);
      expect(l.netPnl.toFixed()).toBe(net());
    }
    expect(l.lastMark?.toFixed()).toBe('98');
    expect(l.netPnl.toFixed()).toBe('-3.6'); // realised +1 (0.5 at 102 over 100) − 4 (2.5 at 98 over a 249 basis), less 0.6 of fees
  });

  it('counts a rebate (a negative fee) as income', () => {
    const l = new PositionLedger();
    l.applyFill(fill('BUY', '1', '100', '-0.01'));
    expect(l.fees.toFixed()).toBe('-0.01');
    expect(l.netPnl.toFixed()).toBe('0.01');
  });

  it('refuses a sell beyond the position with one clear message and leaves the position as it was', () => {
    const l = new PositionLedger();
    expect(() => l.applyFill(fill('SELL', '0.1', '100'))).toThrow('position ledger: a SELL fill of 0.1 exceeds the position 0 (long-flat positions never go below 0)');
    l.applyFill(fill('BUY', '1', '100'));
    expect(() => l.applyFill(fill('SELL', '1.00000001', '100'))).toThrow(/exceeds the position 1 /);
    expect(l.qty.toFixed()).toBe('1');
    expect(l.costBasis.toFixed()).toBe('100');
  });

  it('starts its error messages with the label it was given', () => {
    expect(() => new PositionLedger('risk').applyFill(fill('SELL', '1', '100'))).toThrow('risk: a SELL fill of 1 exceeds the position 0 (long-flat positions never go below 0)');
  });

  it('refuses fills that are not decimal strings or not positive', () => {
    const l = new PositionLedger();
    expect(() => l.applyFill(fill('BUY', '1', 'NaN'))).toThrow('position ledger: fill price must be a decimal string, got "NaN"');
    expect(() => l.applyFill(fill('BUY', '0', '1'))).toThrow('position ledger: fill qty must be above 0, got "0"');
    expect(() => l.applyFill(fill('BUY', '1', '1', 'x'))).toThrow('position ledger: fill fee must be a decimal string, got "x"');
    expect(() => l.mark('-1')).toThrow('position ledger: mark price must be above 0, got "-1"');
    expect(l.qty.toFixed()).toBe('0');
  });

  describe('with the fee in the base asset', () => {
    it('adds only what arrives on a buy, at the fill price, and values the fee at the fill price', () => {
      const l = new PositionLedger();
      // buy 2 at 100, fee 0.002 base (10 bps): 1.998 arrive
      const effect = l.applyFill({ ...fill('BUY', '2', '100', '0.002'), feeAsset: 'base' });
      expect(effect.fee.toFixed()).toBe('0.2');
      expect(l.qty.toFixed()).toBe('1.998');
      expect(l.costBasis.toFixed()).toBe('199.8');
      expect(l.avgEntry?.toFixed()).toBe('100');
      expect(l.fees.toFixed()).toBe('0.2');
      l.mark('101');
      // 1.998 × 101 − 199.8 = 1.998; net = 1.998 − 0.2; cash-and-inventory: −200 + 1.998 × 101 = 1.798
      expect(l.unrealized.toFixed()).toBe('1.998');
      expect(l.netPnl.toFixed()).toBe('1.798');
    });

    it('takes a sell and its base fee out of the position at average cost and realises both at the fill price', () => {
      const l = new PositionLedger();
      l.applyFill(fill('BUY', '1', '100'));
      l.applyFill(fill('BUY', '1', '110'));
      // sell 1 at 120, fee 0.001 base: 1.001 leave at average 105
      const effect = l.applyFill({ ...fill('SELL', '1', '120', '0.001'), feeAsset: 'base' });
      expect(l.qty.toFixed()).toBe('0.999');
      // 120 × 1.001 − 105 × 1.001 = 15.015
      expect(effect.realized.toFixed()).toBe('15.015');
      expect(effect.fee.toFixed()).toBe('0.12');
      expect(l.costBasis.toFixed()).toBe('104.895');
      l.mark('120');
      // cash −210 + 120 = −90; inventory 0.999 × 120 = 119.88 → 29.88
      expect(l.netPnl.toFixed()).toBe('29.88');
      expect(l.realized.plus(l.unrealized).minus(l.fees).toFixed()).toBe('29.88');
    });

    it('closes the round trip when a sell and its base fee take the whole position', () => {
      const l = new PositionLedger();
      l.applyFill(fill('BUY', '1.001', '100'));
      const last = l.applyFill({ ...fill('SELL', '1', '101', '0.001'), feeAsset: 'base' });
      expect(l.qty.isZero()).toBe(true);
      // 101 × 1.001 − 100.1 = 1.001 realised; fee 0.101
      expect(last.roundTripNet?.toFixed()).toBe('0.9');
    });

    it('refuses a sell whose base fee would take the position below 0, and leaves it as it was', () => {
      const l = new PositionLedger();
      l.applyFill(fill('BUY', '1', '100'));
      expect(() => l.applyFill({ ...fill('SELL', '1', '100', '0.001'), feeAsset: 'base' })).toThrow(
        'position ledger: a SELL fill of 1 plus its base fee 0.001 exceeds the position 1 (long-flat positions never go below 0)',
      );
      expect(l.qty.toFixed()).toBe('1');
      expect(l.fees.toFixed()).toBe('0');
    });
  });
});

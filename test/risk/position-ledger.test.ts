// The position ledger: average cost over partial fills, realised P&L gross of fees, unrealised at the mark,
// round trips net of every fee, and one clear error for fills a long-flat position cannot take.
import { describe, expect, it } from 'vitest';
import { PositionLedger, type RiskFill } from '../../src/risk/index.js';

function fill(side: 'BUY' | 'SELL', qty: string, price: string, fee = '0', timeUs = 0): RiskFill {
  return { timeUs, side, price, qty, fee };
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

  it('counts a rebate (a negative fee) as income', () => {
    const l = new PositionLedger();
    l.applyFill(fill('BUY', '1', '100', '-0.01'));
    expect(l.fees.toFixed()).toBe('-0.01');
    expect(l.netPnl.toFixed()).toBe('0.01');
  });

  it('refuses a sell beyond the position with one clear message and leaves the position as it was', () => {
    const l = new PositionLedger();
    expect(() => l.applyFill(fill('SELL', '0.1', '100'))).toThrow('risk: a SELL fill of 0.1 exceeds the position 0 (long-flat positions never go below 0)');
    l.applyFill(fill('BUY', '1', '100'));
    expect(() => l.applyFill(fill('SELL', '1.00000001', '100'))).toThrow(/exceeds the position 1 /);
    expect(l.qty.toFixed()).toBe('1');
    expect(l.costBasis.toFixed()).toBe('100');
  });

  it('refuses fills that are not decimal strings or not positive', () => {
    const l = new PositionLedger();
    expect(() => l.applyFill(fill('BUY', '1', 'NaN'))).toThrow('risk: fill price must be a decimal string, got "NaN"');
    expect(() => l.applyFill(fill('BUY', '0', '1'))).toThrow('risk: fill qty must be above 0, got "0"');
    expect(() => l.applyFill(fill('BUY', '1', '1', 'x'))).toThrow('risk: fill fee must be a decimal string, got "x"');
    expect(() => l.mark('-1')).toThrow('risk: mark price must be above 0, got "-1"');
    expect(l.qty.toFixed()).toBe('0');
  });
});

// The holds: a tripped kill switch, daily loss, drawdown or losing streak stays tripped across later good
// fills, marks and UTC day rollovers until an operator resets it; every trip and reset is a RiskGateChange.
import { describe, expect, it } from 'vitest';
import { strategyParamsSchema } from '../../src/config/index.js';
import type { GateResult } from '../../src/model/index.js';
import { RiskBook, type RiskFill } from '../../src/risk/index.js';

const RISK = strategyParamsSchema.parse({
  risk: { maxDailyLoss: '10', maxDrawdown: '15', maxConsecutiveLosses: 1, maxPositionNotional: '10000', maxDailyNotional: '100000' },
}).risk;

const DAY_US = 86_400_000_000;
/** 2024-08-09T10:00:00Z, µs. */
const T0 = 1_723_197_600_000_000;
const NEXT_DAY = Math.floor(T0 / DAY_US + 1) * DAY_US;
const BUY_50 = { side: 'BUY', notional: '50', qty: '0.5' } as const;

function fill(side: 'BUY' | 'SELL', qty: string, price: string, timeUs = T0): RiskFill {
  return { timeUs, side, price, qty, fee: '0' };
}

function passOf(book: RiskBook, name: string, nowUs = T0): boolean {
  const g = book.gates(BUY_50, nowUs).find((r: GateResult) => r.gate === name);
  if (g === undefined) throw new Error(`no gate ${name}`);
  return g.pass;
}

describe('RiskBook holds', () => {
  it('keeps the kill switch engaged across good fills, marks and a new UTC day until it is reset', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(book.engageKill('venue outage')).toEqual([{ gate: 'killSwitch', tripped: true, reason: 'venue outage' }]);
    expect(book.engageKill('again')).toEqual([]);
    expect(book.killSwitchEngaged).toBe(true);
    expect(book.onFill(fill('BUY', '1', '100'))).toEqual([]);
    expect(book.onMark('130')).toEqual([]);
    expect(book.onFill(fill('SELL', '1', '130'))).toEqual([]);
    expect(passOf(book, 'killSwitch', NEXT_DAY + 1)).toBe(false);
    expect(book.gates(BUY_50, NEXT_DAY + 1).find((g) => g.gate === 'killSwitch')?.value).toBe('venue outage');
    expect(book.resetKill()).toEqual([{ gate: 'killSwitch', tripped: false, reason: 'operator reset' }]);
    expect(book.resetKill()).toEqual([]);
    expect(passOf(book, 'killSwitch', NEXT_DAY + 1)).toBe(true);
  });

  it('holds a tripped daily loss across a recovery, a profitable fill and the next UTC day, until resetLossLimits', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(fill('BUY', '2', '100'));
    expect(book.onMark('95')).toEqual([{ gate: 'maxDailyLoss', tripped: true, reason: 'daily loss 10 reached the limit 10' }]);
    expect(book.onMark('101')).toEqual([]);
    expect(book.onFill(fill('SELL', '2', '103'))).toEqual([]); // +6 realised
    expect(book.position().netPnl).toBe('6');
    expect(passOf(book, 'maxDailyLoss')).toBe(false);
    expect(passOf(book, 'maxDailyLoss', NEXT_DAY)).toBe(false);
    expect(book.gates(BUY_50, NEXT_DAY).find((g) => g.gate === 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: false, value: 0, limit: 10 });

    expect(book.resetLossLimits()).toEqual([{ gate: 'maxDailyLoss', tripped: false, reason: 'operator reset: the day’s loss counts from now' }]);
    expect(book.resetLossLimits()).toEqual([]);
    expect(passOf(book, 'maxDailyLoss', NEXT_DAY)).toBe(true);
  });

  it('counts the daily loss from the reset after an operator reset, and trips again at the limit from there', () => {
    const book = new RiskBook('BTCUSDT', { ...RISK, maxDrawdown: '1000' });
    book.onFill(fill('BUY', '1', '100'));
    expect(book.onMark('90').map((c) => c.gate)).toEqual(['maxDailyLoss']);
    book.resetLossLimits(); // the day's loss starts at net −10
    expect(book.onMark('80.01')).toEqual([]);
    expect(book.gates(BUY_50, T0).find((g) => g.gate === 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: true, value: 9.99, limit: 10 });
    expect(book.onMark('80')).toEqual([{ gate: 'maxDailyLoss', tripped: true, reason: 'daily loss 10 reached the limit 10' }]);
  });

  it('holds a tripped drawdown across a new peak until reset, which makes now the peak', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(fill('BUY', '1', '100'));
    book.onMark('130');
    expect(book.onMark('115')).toEqual([{ gate: 'maxDrawdown', tripped: true, reason: 'drawdown 15 reached the limit 15' }]);
    expect(book.onMark('140')).toEqual([]);
    expect(book.gates(BUY_50, T0).find((g) => g.gate === 'maxDrawdown')).toEqual({ gate: 'maxDrawdown', pass: false, value: 0, limit: 15 });
    expect(passOf(book, 'maxDrawdown', NEXT_DAY)).toBe(false);
    book.onMark('139', NEXT_DAY);
    expect(book.resetLossLimits()).toEqual([{ gate: 'maxDrawdown', tripped: false, reason: 'operator reset: the peak is now' }]);
    expect(book.gates(BUY_50, NEXT_DAY).find((g) => g.gate === 'maxDrawdown')).toEqual({ gate: 'maxDrawdown', pass: true, value: 0, limit: 15 });
  });

  it('holds a losing streak until a winning round trip or an operator reset', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(fill('BUY', '1', '100'));
    expect(book.onFill(fill('SELL', '1', '99.5'))).toEqual([{ gate: 'consecutiveLosses', tripped: true, reason: '1 losing round trips in a row reached the limit 1' }]);
    expect(passOf(book, 'consecutiveLosses', NEXT_DAY)).toBe(false);
    expect(book.resetLossLimits()).toEqual([{ gate: 'consecutiveLosses', tripped: false, reason: 'operator reset: the count is 0' }]);
    expect(passOf(book, 'consecutiveLosses', NEXT_DAY)).toBe(true);

    book.onFill(fill('BUY', '1', '100', NEXT_DAY));
    expect(book.onFill(fill('SELL', '1', '99', NEXT_DAY)).map((c) => c.tripped)).toEqual([true]);
    // an order placed before the trip still fills: a winning round trip clears the streak
    book.onFill(fill('BUY', '1', '98', NEXT_DAY));
    expect(book.onFill(fill('SELL', '1', '98.5', NEXT_DAY))).toEqual([{ gate: 'consecutiveLosses', tripped: false, reason: 'a round trip made 0.5 net of fees' }]);
  });

  it('resets only the holds that tripped', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(fill('BUY', '1', '100'));
    book.onMark('95'); // daily loss 5: not tripped
    expect(book.resetLossLimits()).toEqual([]);
    expect(book.onMark('90').map((c) => c.gate)).toEqual(['maxDailyLoss']);
  });
});

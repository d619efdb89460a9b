// Every risk gate, hand-computed: the exact value and limit when it passes and when it fails, and the
// exits (a SELL of a long-flat position) that pass the gates which exist to stop risk from growing.
import { describe, expect, it } from 'vitest';
import { strategyParamsSchema } from '../../src/config/index.js';
import type { GateResult } from '../../src/model/index.js';
import { RISK_GATE_NAMES, RiskBook, type RiskFill } from '../../src/risk/index.js';

const RISK = strategyParamsSchema.parse({
  risk: {
    maxOrderNotional: '100',
    maxPositionNotional: '250',
    maxDailyNotional: '400',
    maxDailyLoss: '10',
    maxDrawdown: '15',
    maxConsecutiveLosses: 2,
    maxRejectRate: 0.1,
    rejectWindowOrders: 10,
    maxCancelLatencyMs: 500,
    maxRateLimitWarnings: 1,
    rateLimitWindowSeconds: 60,
  },
}).risk;

const DAY_US = 86_400_000_000;
/** 2024-08-09T10:00:00Z, µs. */
const T0 = 1_723_197_600_000_000;
const SECOND_US = 1_000_000;

function buy(qty: string, price: string, fee = '0', timeUs = T0): RiskFill {
  return { timeUs, side: 'BUY', price, qty, fee };
}
function sell(qty: string, price: string, fee = '0', timeUs = T0): RiskFill {
  return { timeUs, side: 'SELL', price, qty, fee };
}

function gate(results: readonly GateResult[], name: string): GateResult {
  const g = results.find((r) => r.gate === name);
  if (g === undefined) throw new Error(`no gate ${name}`);
  return g;
}

const BUY_50 = { side: 'BUY', notional: '50', qty: '0.5' } as const;
const SELL_50 = { side: 'SELL', notional: '50', qty: '0.5' } as const;

describe('RiskBook gates', () => {
  it('lists every risk gate in the design order, all passing on a fresh book', () => {
    const results = new RiskBook('BTCUSDT', RISK).gates(BUY_50, T0);
    expect(results.map((r) => r.gate)).toEqual([...RISK_GATE_NAMES]);
    expect(results.filter((r) => !r.pass)).toEqual([]);
  });

  it('maxOrderNotional passes an order of exactly the limit and fails one cent above it, for both sides', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('2', '60'));
    expect(gate(book.gates({ side: 'BUY', notional: '100', qty: '1' }, T0), 'maxOrderNotional')).toEqual({ gate: 'maxOrderNotional', pass: true, value: 100, limit: 100 });
    expect(gate(book.gates({ side: 'BUY', notional: '100.01', qty: '1' }, T0), 'maxOrderNotional')).toEqual({ gate: 'maxOrderNotional', pass: false, value: 100.01, limit: 100 });
    expect(gate(book.gates({ side: 'SELL', notional: '100.01', qty: '1' }, T0), 'maxOrderNotional').pass).toBe(false);
  });

  it('maxPosition adds a buy to the position at average cost and lets any sell through', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('1', '50'));
    book.onFill(buy('1', '70')); // cost basis 120
    expect(gate(book.gates({ side: 'BUY', notional: '130', qty: '1' }, T0), 'maxPosition')).toEqual({ gate: 'maxPosition', pass: true, value: 250, limit: 250 });
    expect(gate(book.gates({ side: 'BUY', notional: '130.01', qty: '1' }, T0), 'maxPosition')).toEqual({ gate: 'maxPosition', pass: false, value: 250.01, limit: 250 });
    // selling 0.5 of 2 leaves 120 × 1.5 / 2
    expect(gate(book.gates({ side: 'SELL', notional: '35', qty: '0.5' }, T0), 'maxPosition')).toEqual({ gate: 'maxPosition', pass: true, value: 90, limit: 250 });
  });

  it('maxDailyNotional counts today’s fills of both sides plus this order, and starts again on the next UTC day', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('2', '60')); // 120
    book.onFill(sell('2', '75')); // 150
    expect(book.position().dailyNotional).toBe('270');
    expect(gate(book.gates({ side: 'BUY', notional: '100', qty: '1' }, T0), 'maxDailyNotional')).toEqual({ gate: 'maxDailyNotional', pass: true, value: 370, limit: 400 });
    book.onFill(buy('1', '30')); // 300 today
    expect(gate(book.gates({ side: 'BUY', notional: '100.01', qty: '1' }, T0), 'maxDailyNotional')).toEqual({ gate: 'maxDailyNotional', pass: false, value: 400.01, limit: 400 });
    expect(gate(book.gates({ side: 'SELL', notional: '100.01', qty: '1' }, T0), 'maxDailyNotional').pass).toBe(true);
    const midnight = Math.floor(T0 / DAY_US + 1) * DAY_US;
    expect(gate(book.gates({ side: 'BUY', notional: '100.01', qty: '1' }, midnight - 1), 'maxDailyNotional').pass).toBe(false);
    expect(gate(book.gates({ side: 'BUY', notional: '100.01', qty: '1' }, midnight), 'maxDailyNotional')).toEqual({ gate: 'maxDailyNotional', pass: true, value: 100.01, limit: 400 });
    expect(book.position().dailyNotional).toBe('0');
  });

  it('maxDailyLoss is the loss since the UTC day started, realised and unrealised, net of fees, and trips when it reaches the limit', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(book.onFill(buy('1', '100', '0.1'))).toEqual([]);
    expect(book.onMark('90.6')).toEqual([]);
    // −(0 + (90.6 − 100) − 0.1)
    expect(gate(book.gates(BUY_50, T0), 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: true, value: 9.5, limit: 10 });
    expect(book.onMark('90.1')).toEqual([{ gate: 'maxDailyLoss', tripped: true, reason: 'daily loss 10 reached the limit 10' }]);
    expect(gate(book.gates(BUY_50, T0), 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: false, value: 10, limit: 10 });
    expect(gate(book.gates(SELL_50, T0), 'maxDailyLoss').pass).toBe(true);
  });

  it('maxDailyLoss counts a position carried over midnight from its value when the day started', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('1', '100'));
    book.onMark('95', T0); // a loss of 5 yesterday
    const nextDay = Math.floor(T0 / DAY_US + 1) * DAY_US;
    book.onMark('93', nextDay + SECOND_US); // the day started at net −5; now −7
    expect(gate(book.gates(BUY_50, nextDay + SECOND_US), 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: true, value: 2, limit: 10 });
  });

  it('maxDrawdown is the fall from the peak net P&L and trips when it reaches the limit', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('1', '100'));
    book.onMark('120'); // net 20, the peak
    expect(book.onMark('105.01')).toEqual([]);
    expect(gate(book.gates(BUY_50, T0), 'maxDrawdown')).toEqual({ gate: 'maxDrawdown', pass: true, value: 14.99, limit: 15 });
    expect(book.onMark('105')).toEqual([{ gate: 'maxDrawdown', tripped: true, reason: 'drawdown 15 reached the limit 15' }]);
    expect(gate(book.gates(BUY_50, T0), 'maxDrawdown')).toEqual({ gate: 'maxDrawdown', pass: false, value: 15, limit: 15 });
    expect(gate(book.gates(SELL_50, T0), 'maxDrawdown').pass).toBe(true);
    // still a profit today: the daily loss gate passes
    expect(gate(book.gates(BUY_50, T0), 'maxDailyLoss')).toEqual({ gate: 'maxDailyLoss', pass: true, value: -5, limit: 10 });
  });

  it('consecutiveLosses counts losing round trips net of both legs’ fees, once per trip however many fills the exit took', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    // realised +0.1, fees 0.2: a loss
    book.onFill(buy('1', '100', '0.1'));
    expect(book.onFill(sell('1', '100.1', '0.1'))).toEqual([]);
    expect(gate(book.gates(BUY_50, T0), 'consecutiveLosses')).toEqual({ gate: 'consecutiveLosses', pass: true, value: 1, limit: 2 });
    // one round trip in two sell fills: one loss
    book.onFill(buy('1', '100'));
    expect(book.onFill(sell('0.5', '99'))).toEqual([]);
    expect(book.onFill(sell('0.5', '99'))).toEqual([{ gate: 'consecutiveLosses', tripped: true, reason: '2 losing round trips in a row reached the limit 2' }]);
    expect(gate(book.gates(BUY_50, T0), 'consecutiveLosses')).toEqual({ gate: 'consecutiveLosses', pass: false, value: 2, limit: 2 });
    expect(gate(book.gates(SELL_50, T0), 'consecutiveLosses').pass).toBe(true);
  });

  it('consecutiveLosses starts again at 0 after a round trip that breaks even net of fees', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill(buy('1', '100'));
    book.onFill(sell('1', '99'));
    book.onFill(buy('1', '100', '0.05'));
    expect(book.onFill(sell('1', '100.1', '0.05'))).toEqual([]);
    expect(gate(book.gates(BUY_50, T0), 'consecutiveLosses').value).toBe(0);
  });

  it('rejectRate divides the rejects among the last N outcomes by N and forgets the oldest', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onOrderOutcome(true, T0);
    expect(gate(book.gates(BUY_50, T0), 'rejectRate')).toEqual({ gate: 'rejectRate', pass: true, value: 0.1, limit: 0.1 });
    book.onOrderOutcome(true, T0);
    expect(gate(book.gates(BUY_50, T0), 'rejectRate')).toEqual({ gate: 'rejectRate', pass: false, value: 0.2, limit: 0.1 });
    expect(gate(book.gates(SELL_50, T0), 'rejectRate').pass).toBe(false);
    for (let i = 0; i < 9; i += 1) book.onOrderOutcome(false, T0);
    expect(gate(book.gates(BUY_50, T0), 'rejectRate')).toEqual({ gate: 'rejectRate', pass: true, value: 0.1, limit: 0.1 });
    book.onOrderOutcome(true, T0);
    book.resetRejectRate();
    expect(gate(book.gates(BUY_50, T0), 'rejectRate').value).toBe(0);
  });

  it('cancelLatency judges the last cancel: none yet passes, above the limit fails', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(gate(book.gates(BUY_50, T0), 'cancelLatency')).toEqual({ gate: 'cancelLatency', pass: true, value: null, limit: 500 });
    book.onCancelLatency(500);
    expect(gate(book.gates(BUY_50, T0), 'cancelLatency')).toEqual({ gate: 'cancelLatency', pass: true, value: 500, limit: 500 });
    book.onCancelLatency(500.5);
    expect(gate(book.gates(SELL_50, T0), 'cancelLatency')).toEqual({ gate: 'cancelLatency', pass: false, value: 500.5, limit: 500 });
    book.onCancelLatency(20);
    expect(gate(book.gates(BUY_50, T0), 'cancelLatency').pass).toBe(true);
    expect(() => book.onCancelLatency(Number.NaN)).toThrow('risk: cancel latency must be a finite number of ms ≥ 0, got NaN');
  });

  it('rateLimit counts the warnings of the last window and forgets those a full window old', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onRateLimitWarning(T0);
    expect(gate(book.gates(BUY_50, T0), 'rateLimit')).toEqual({ gate: 'rateLimit', pass: true, value: 1, limit: 1 });
    book.onRateLimitWarning(T0 + SECOND_US);
    expect(gate(book.gates(SELL_50, T0 + SECOND_US), 'rateLimit')).toEqual({ gate: 'rateLimit', pass: false, value: 2, limit: 1 });
    expect(gate(book.gates(BUY_50, T0 + 60 * SECOND_US - 1), 'rateLimit').value).toBe(2);
    expect(gate(book.gates(BUY_50, T0 + 60 * SECOND_US), 'rateLimit')).toEqual({ gate: 'rateLimit', pass: true, value: 1, limit: 1 });
  });

  it('privateState passes until private state exists', () => {
    expect(gate(new RiskBook('BTCUSDT', RISK).gates(BUY_50, T0), 'privateState')).toEqual({ gate: 'privateState', pass: true, value: 'none', limit: 'reconciled' });
  });

  it('privateState blocks both sides while a problem is set, trips once, and clears when reconciled', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(book.setPrivateState('no account read yet')).toEqual([{ gate: 'privateState', tripped: true, reason: 'no account read yet' }]);
    expect(gate(book.gates(BUY_50, T0), 'privateState')).toEqual({ gate: 'privateState', pass: false, value: 'no account read yet', limit: 'reconciled' });
    expect(gate(book.gates(SELL_50, T0), 'privateState').pass).toBe(false);
    expect(book.setPrivateState('user stream down for 20 s')).toEqual([]);
    expect(gate(book.gates(BUY_50, T0), 'privateState').value).toBe('user stream down for 20 s');
    expect(book.setPrivateState(null)).toEqual([{ gate: 'privateState', tripped: false, reason: 'reconciled' }]);
    expect(gate(book.gates(BUY_50, T0), 'privateState')).toEqual({ gate: 'privateState', pass: true, value: 'reconciled', limit: 'reconciled' });
    expect(book.setPrivateState(null)).toEqual([]);
  });

  it('operatorEnabled follows the operator’s switch, for both sides', () => {
    const book = new RiskBook('BTCUSDT', RISK, { operatorEnabled: false });
    expect(gate(book.gates(BUY_50, T0), 'operatorEnabled')).toEqual({ gate: 'operatorEnabled', pass: false, value: false, limit: true });
    expect(gate(book.gates(SELL_50, T0), 'operatorEnabled').pass).toBe(false);
    book.setOperatorEnabled(true);
    expect(gate(book.gates(BUY_50, T0), 'operatorEnabled')).toEqual({ gate: 'operatorEnabled', pass: true, value: true, limit: true });
  });

  it('killSwitch blocks both sides with the reason it was engaged', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(gate(book.gates(BUY_50, T0), 'killSwitch')).toEqual({ gate: 'killSwitch', pass: true, value: 'off', limit: 'off' });
    book.engageKill('operator pressed K');
    expect(gate(book.gates(BUY_50, T0), 'killSwitch')).toEqual({ gate: 'killSwitch', pass: false, value: 'operator pressed K', limit: 'off' });
    expect(gate(book.gates(SELL_50, T0), 'killSwitch').pass).toBe(false);
  });

  it('refuses an intent that is not a positive decimal with one clear message', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    expect(() => book.gates({ side: 'BUY', notional: '1e', qty: '1' }, T0)).toThrow('risk: intent notional must be a decimal string, got "1e"');
    expect(() => book.gates({ side: 'BUY', notional: '1', qty: '0' }, T0)).toThrow('risk: intent qty must be above 0, got "0"');
    expect(() => book.gates(BUY_50, 1.5)).toThrow('risk: gates time must be an integer number of µs, got 1.5');
  });
});

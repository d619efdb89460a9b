// The risk book's saved state: exported at any point of any sequence of fills, marks, order outcomes,
// cancel latencies, rate-limit warnings and operator actions, written as JSON and restored into a fresh
// book, it answers every later call exactly as the book it came from — every gate, every position, every
// gate change. A corrupt state is one StateError naming the field, and the book is left as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/core/index.js';
import { strategyParamsSchema } from '../../src/config/index.js';
import { RiskBook, type RiskBookState, type RiskFill } from '../../src/risk/index.js';

/** Tight limits, so that losses, drawdowns, streaks, reject rates and warnings trip within a short sequence. */
const RISK = strategyParamsSchema.parse({
  risk: {
    maxOrderNotional: '60',
    maxPositionNotional: '200',
    maxDailyNotional: '900',
    maxDailyLoss: '4',
    maxDrawdown: '6',
    maxConsecutiveLosses: 2,
    rejectWindowOrders: 5,
    maxRejectRate: 0.4,
    maxCancelLatencyMs: 50,
    rateLimitWindowSeconds: 60,
    maxRateLimitWarnings: 1,
  },
}).risk;

const T0 = 1_723_197_600_000_000; // 2024-08-09T10:00:00Z
const MINUTE_US = 60_000_000;

type Action =
  | { readonly kind: 'buy' | 'sell'; readonly cents: number; readonly lots: number; readonly feeUnits: number; readonly baseFee: boolean }
  | { readonly kind: 'mark'; readonly cents: number; readonly timed: boolean }
  | { readonly kind: 'outcome'; readonly rejected: boolean }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'warning' }
  | { readonly kind: 'gates'; readonly side: 'BUY' | 'SELL'; readonly lots: number }
  | { readonly kind: 'kill' | 'resetKill' | 'resetLoss' | 'resetRejects' }
  | { readonly kind: 'operator'; readonly on: boolean };

const price = fc.integer({ min: 9_000, max: 11_000 }); // 90.00 … 110.00
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('buy' as const, 'sell' as const), cents: price, lots: fc.integer({ min: 1, max: 60 }), feeUnits: fc.integer({ min: -5, max: 40 }), baseFee: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('mark' as const), cents: price, timed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('outcome' as const), rejected: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('latency' as const), ms: fc.double({ min: 0, max: 100, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('warning' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('gates' as const), side: fc.constantFrom('BUY' as const, 'SELL' as const), lots: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('kill' as const, 'resetKill' as const, 'resetLoss' as const, 'resetRejects' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('operator' as const), on: fc.boolean() }) },
);

const cents = (n: number) => (n / 100).toFixed(2);
/** Lots of 0.01. */
const qty = (lots: number) => (lots / 100).toFixed(2);

/**
 * Runs `a` on `book` at `timeUs` and returns what it answered (gate changes, gates, position). A sell never
 * exceeds the position (long-flat), so the same action becomes a buy when nothing is held.
 */
function run(book: RiskBook, a: Action, timeUs: number): unknown {
  switch (a.kind) {
    case 'buy':
    case 'sell': {
      const heldLots = Math.round(Number(book.positionQty()) * 100);
      const side = a.kind === 'sell' && heldLots > 0 ? 'SELL' : 'BUY';
      const lots = side === 'SELL' ? 1 + (a.lots % heldLots) : a.lots; // 1 … all of it
      // a base fee (0.01 of the base) on a buy; a sell's base fee must fit in the position too
      const fill: RiskFill =
        a.baseFee && side === 'BUY' && lots > 1
          ? { timeUs, side, price: cents(a.cents), qty: qty(lots), fee: '0.01', feeAsset: 'base' }
          : { timeUs, side, price: cents(a.cents), qty: qty(lots), fee: (a.feeUnits / 1000).toFixed(3) };
      return [book.onFill(fill), book.position()];
    }
    case 'mark':
      return [a.timed ? book.onMark(cents(a.cents), timeUs) : book.onMark(cents(a.cents)), book.position()];
    case 'outcome':
      return book.onOrderOutcome(a.rejected, timeUs);
    case 'latency':
      return book.onCancelLatency(a.ms);
    case 'warning':
      return book.onRateLimitWarning(timeUs);
    case 'gates':
      return book.gates({ side: a.side, notional: (Number(qty(a.lots)) * 100).toFixed(2), qty: qty(a.lots) }, timeUs);
    case 'kill':
      return book.engageKill('test stop');
    case 'resetKill':
      return book.resetKill();
    case 'resetLoss':
      return book.resetLossLimits();
    case 'resetRejects':
      return book.resetRejectRate();
    case 'operator':
      return book.setOperatorEnabled(a.on);
  }
}

/** The book's state through JSON, into a fresh book. */
function restored(book: RiskBook): RiskBook {
  const fresh = new RiskBook('BTCUSDT', RISK);
  fresh.restore(JSON.parse(JSON.stringify(book.exportState())) as RiskBookState);
  return fresh;
}

describe('RiskBook state', () => {
  it('restored at any point of any sequence, answers every later call as the book it came from', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), fc.nat(), fc.array(fc.integer({ min: 0, max: 240 }), { minLength: 60, maxLength: 60 }), (actions, at, gaps) => {
        const times: number[] = [];
        let t = T0;
        for (let i = 0; i < actions.length; i++) times.push((t += (gaps[i] as number) * MINUTE_US)); // up to 4 h apart: UTC days roll
        const cut = at % (actions.length + 1);
        const original = new RiskBook('BTCUSDT', RISK);
        for (let i = 0; i < cut; i++) run(original, actions[i] as Action, times[i] as number);
        const copy = restored(original);
        expect(copy.exportState()).toEqual(original.exportState());
        for (let i = cut; i < actions.length; i++) {
          const a = actions[i] as Action;
          expect(run(copy, a, times[i] as number), `${JSON.stringify(a)} at step ${i}`).toEqual(run(original, a, times[i] as number));
        }
        expect(copy.exportState()).toEqual(original.exportState());
        expect(copy.position()).toEqual(original.position());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps tripped holds, the kill switch, the operator switch and the venue-health windows across a restore', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill({ timeUs: T0, side: 'BUY', price: '100', qty: '1', fee: '0.1' });
    book.onFill({ timeUs: T0 + 1, side: 'SELL', price: '97', qty: '1', fee: '0.1' }); // −3.2: a losing trip
    book.onFill({ timeUs: T0 + 2, side: 'BUY', price: '100', qty: '0.5', fee: '0' });
    expect(book.onMark('96', T0 + 3).map((c) => c.gate)).toEqual(['maxDailyLoss']); // −5.2 today
    book.engageKill('operator stop');
    book.setOperatorEnabled(false);
    book.onOrderOutcome(true, T0 + 4);
    book.onOrderOutcome(true, T0 + 5);
    book.onOrderOutcome(true, T0 + 5); // 3 of the last 5: 0.6
    book.onRateLimitWarning(T0 + 6);
    book.onRateLimitWarning(T0 + 7);
    book.onCancelLatency(75.5);
    const copy = restored(book);
    const failing = (b: RiskBook) => b.gates({ side: 'BUY', notional: '10', qty: '0.1' }, T0 + 8).filter((g) => !g.pass).map((g) => g.gate);
    expect(failing(copy)).toEqual(['maxDailyLoss', 'rejectRate', 'cancelLatency', 'rateLimit', 'operatorEnabled', 'killSwitch']);
    expect(failing(copy)).toEqual(failing(book));
    expect(copy.killSwitchEngaged).toBe(true);
    // the second losing trip trips the streak in both, once
    const exit = { timeUs: T0 + 9, side: 'SELL', price: '95', qty: '0.5', fee: '0' } as const;
    expect(copy.onFill(exit)).toEqual(book.onFill(exit));
    expect(copy.gates({ side: 'BUY', notional: '10', qty: '0.1' }, T0 + 10)).toEqual(book.gates({ side: 'BUY', notional: '10', qty: '0.1' }, T0 + 10));
    expect(copy.resetLossLimits()).toEqual(book.resetLossLimits());
    expect(copy.exportState()).toEqual(book.exportState());
  });

  it('writes money as decimal strings and nothing JSON cannot hold', () => {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill({ timeUs: T0, side: 'BUY', price: '61855.36', qty: '0.00012', fee: '0.0000001' });
    book.onMark('61855.37', T0);
    const state = book.exportState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.ledger).toEqual({ qty: '0.00012', costBasis: '7.4226432', realized: '0', fees: '0.0000001', mark: '61855.37', tripRealized: '0', tripFees: '0.0000001' });
    expect(state.dailyNotional).toBe('7.4226432');
    expect(state.day).toBe(Math.floor(T0 / 86_400_000_000));
  });
});

describe('RiskBook restore of a corrupt state', () => {
  function stateOf(): Record<string, unknown> {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill({ timeUs: T0, side: 'BUY', price: '100', qty: '1', fee: '0.1' });
    book.onOrderOutcome(false, T0);
    return JSON.parse(JSON.stringify(book.exportState())) as Record<string, unknown>;
  }

  /** Restores `mutate(state)` into a book that holds a position already; returns the error, checks nothing changed. */
  function refused(mutate: (s: Record<string, unknown>) => void): StateError {
    const book = new RiskBook('BTCUSDT', RISK);
    book.onFill({ timeUs: T0, side: 'BUY', price: '50', qty: '2', fee: '0' });
    const before = book.exportState();
    const state = stateOf();
    mutate(state);
    let error: unknown = null;
    try {
      book.restore(state as unknown as RiskBookState);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateError);
    expect(book.exportState()).toEqual(before);
    return error as StateError;
  }

  it('names a missing field', () => {
    const error = refused((s) => delete (s['ledger'] as Record<string, unknown>)['qty']);
    expect(error.message).toBe('risk BTCUSDT state: field ledger.qty is missing');
    expect(error.field).toBe('ledger.qty');
  });

  it('names a field of the wrong type', () => {
    expect(refused((s) => (s['losingTrips'] = '3')).message).toBe('risk BTCUSDT state: field losingTrips must be a whole number, got "3"');
    expect(refused((s) => ((s['ledger'] as Record<string, unknown>)['realized'] = 12)).message).toBe(
      'risk BTCUSDT state: field ledger.realized must be a decimal string, got 12',
    );
    expect(refused((s) => (s['outcomes'] = [false, 'yes'])).message).toBe('risk BTCUSDT state: field outcomes[1] must be true or false, got "yes"');
  });

  it('names a negative quantity or count', () => {
    expect(refused((s) => ((s['ledger'] as Record<string, unknown>)['qty'] = '-1')).message).toBe('risk BTCUSDT state: field ledger.qty must not be below 0, got "-1"');
    expect(refused((s) => (s['losingTrips'] = -1)).message).toBe('risk BTCUSDT state: field losingTrips must not be below 0, got -1');
  });

  it('refuses a state that contradicts itself, belongs to another symbol or has fields it should not', () => {
    expect(refused((s) => ((s['ledger'] as Record<string, unknown>)['qty'] = '0')).message).toBe('risk BTCUSDT state: field ledger.costBasis must be 0 when qty is 0, got "100"');
    expect(refused((s) => (s['symbol'] = 'ETHUSDT')).message).toBe('risk BTCUSDT state: field symbol is "ETHUSDT", this book trades BTCUSDT');
    expect(refused((s) => (s['extra'] = 1)).message).toBe('risk BTCUSDT state: field extra is not a field of this state');
  });
});

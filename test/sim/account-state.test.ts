// The simulated account's saved state: exported at any point of random reservations, partial fills
// (maker and taker, at or better than the limit), releases and marks on two symbols, written as JSON and
// restored into a fresh account, it answers every later call as the account it came from — reservation
// refusals, fees, positions, balances, the summary with its drawdown. A corrupt state is one StateError
// naming the field, and the account is left as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/core/index.js';
import { createInstrument, type Instrument } from '../../src/model/index.js';
import { SimAccount, type SimAccountState } from '../../src/sim/index.js';

const INSTRUMENTS: readonly Instrument[] = [
  createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00001', source: 'test' }),
  createInstrument({ product: 'spot', symbol: 'ETHUSDT', tickSize: '0.01', lotSize: '0.0001', source: 'test' }),
];

type Step =
  | { readonly kind: 'reserve'; readonly sym: number; readonly sell: boolean; readonly priceTicks: number; readonly n: number }
  | { readonly kind: 'fill'; readonly pick: number; readonly n: number; readonly better: number; readonly maker: boolean }
  | { readonly kind: 'release'; readonly pick: number }
  | { readonly kind: 'mark'; readonly sym: number; readonly priceTicks: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reserve' as const), sym: fc.integer({ min: 0, max: 1 }), sell: fc.boolean(), priceTicks: fc.integer({ min: 1_000, max: 200_000 }), n: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), n: fc.nat(), better: fc.integer({ min: 0, max: 500 }), maker: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mark' as const), sym: fc.integer({ min: 0, max: 1 }), priceTicks: fc.integer({ min: 1_000, max: 200_000 }) }) },
);

interface Open {
  readonly id: string;
  readonly sym: number;
  readonly side: 'buy' | 'sell';
  readonly priceTicks: number;
  left: number;
}

function account(feeAsset: 'quote' | 'base'): SimAccount {
  return new SimAccount({
    symbols: INSTRUMENTS.map((instrument) => ({ instrument, makerBps: 2.5, takerBps: 7.5, feeAsset })),
    initialBalances: { USDT: '5000', BTC: '0.01' },
  });
}

/** The orders the steps open, kept alike for both accounts (they see the same calls). */
class Driver {
  readonly open: Open[] = [];
  private nextId = 0;

  /** Runs `s` at `timeUs`; returns what the account answered. */
  run(a: SimAccount, s: Step, timeUs: number, track: boolean): unknown {
    if (s.kind === 'reserve') {
      const inst = INSTRUMENTS[s.sym] as Instrument;
      const side = s.sell ? 'sell' : 'buy';
      // a sell of about the position not already offered, so that some pass and some are refused
      const held = Math.floor(Number(a.summary().symbols[inst.symbol]?.position ?? '0') / Number(inst.lotSize));
      const qtyLots = side === 'sell' ? 1 + (s.n % (held + 2)) : 1 + (s.n % 400);
      const id = `o${this.nextId}`;
      if (track) this.nextId++;
      const refused = a.reserve(id, inst.symbol, side, s.priceTicks, qtyLots);
      if (refused === null && track) this.open.push({ id, sym: s.sym, side, priceTicks: s.priceTicks, left: qtyLots });
      return refused;
    }
    if (s.kind === 'fill' && this.open.length > 0) {
      const o = this.open[s.pick % this.open.length] as Open;
      const lots = 1 + (s.n % o.left);
      const priceTicks = o.side === 'buy' ? Math.max(1, o.priceTicks - s.better) : o.priceTicks + s.better;
      const out = a.fill(o.id, { symbol: (INSTRUMENTS[o.sym] as Instrument).symbol, side: o.side, priceTicks, qtyLots: lots, liquidity: s.maker ? 'maker' : 'taker', timeUs });
      if (track) o.left -= lots;
      if (o.left === 0 || (!track && o.left === lots)) a.release(o.id);
      if (track && o.left === 0) this.open.splice(this.open.indexOf(o), 1);
      return out;
    }
    if (s.kind === 'release' && this.open.length > 0) {
      const o = this.open[s.pick % this.open.length] as Open;
      a.release(o.id);
      if (track) this.open.splice(this.open.indexOf(o), 1);
      return null;
    }
    if (s.kind === 'mark') {
      const inst = INSTRUMENTS[s.sym] as Instrument;
      a.mark(inst.symbol, (s.priceTicks / 100).toFixed(2), timeUs);
    }
    return null;
  }
}

describe('SimAccount state', () => {
  it('restored at any point of random reservations, fills, releases and marks, answers every later call as the account it came from', () => {
    fc.assert(
      fc.property(fc.constantFrom('quote' as const, 'base' as const), fc.array(step, { minLength: 1, maxLength: 60 }), fc.nat(), (feeAsset, steps, at) => {
        const cut = at % (steps.length + 1);
        const original = account(feeAsset);
        const driver = new Driver();
        steps.slice(0, cut).forEach((s, i) => driver.run(original, s, (i + 1) * 1000, true));
        const copy = account(feeAsset);
        copy.restore(JSON.parse(JSON.stringify(original.exportState())) as SimAccountState);
        expect(copy.summary()).toEqual(original.summary());
        for (let i = cut; i < steps.length; i++) {
          const s = steps[i] as Step;
          const t = (i + 1) * 1000;
          // the copy first (untracked), then the original (tracked): both see the same call
          const fromCopy = captured(() => driver.run(copy, s, t, false));
          const fromOriginal = captured(() => driver.run(original, s, t, true));
          expect(fromCopy, `${JSON.stringify(s)} at step ${i}`).toEqual(fromOriginal);
          expect(copy.snapshot()).toEqual(original.snapshot());
        }
        expect(copy.summary()).toEqual(original.summary());
        expect(copy.exportState()).toEqual(original.exportState());
      }),
      { numRuns: 200 },
    );
  });
});

/** What a call returned, or the error it threw. */
function captured(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('SimAccount restore of a corrupt state', () => {
  function stateOf(): Record<string, unknown> {
    const a = account('quote');
    a.reserve('b1', 'BTCUSDT', 'buy', 6_000_000, 10); // 10 × 60000 × 0.00001, plus the worst fee
    a.fill('b1', { symbol: 'BTCUSDT', side: 'buy', priceTicks: 6_000_000, qtyLots: 4, liquidity: 'maker', timeUs: 1 });
    a.reserve('s1', 'BTCUSDT', 'sell', 6_100_000, 2);
    return JSON.parse(JSON.stringify(a.exportState())) as Record<string, unknown>;
  }

  function refused(mutate: (s: Record<string, unknown>) => void): string {
    const a = account('quote');
    a.reserve('x', 'ETHUSDT', 'buy', 300_000, 5);
    const before = a.exportState();
    const state = stateOf();
    mutate(state);
    let error: unknown = null;
    try {
      a.restore(state as unknown as SimAccountState);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateError);
    expect(a.exportState()).toEqual(before);
    return (error as StateError).message;
  }

  const reservation = (s: Record<string, unknown>, i: number) => (s['reservations'] as Record<string, unknown>[])[i] as Record<string, unknown>;
  const symbol = (s: Record<string, unknown>, name: string) => (s['symbols'] as Record<string, Record<string, unknown>>)[name] as Record<string, unknown>;

  it('names a missing field, a wrong type and a negative lot count', () => {
    expect(refused((s) => delete symbol(s, 'ETHUSDT')['turnover'])).toBe('sim account state: field symbols.ETHUSDT.turnover is missing');
    expect(refused((s) => delete (s['symbols'] as Record<string, unknown>)['ETHUSDT'])).toBe('sim account state: field symbols.ETHUSDT is missing');
    expect(refused((s) => (symbol(s, 'BTCUSDT')['fills'] = '1'))).toBe('sim account state: field symbols.BTCUSDT.fills must be a whole number, got "1"');
    expect(refused((s) => (reservation(s, 0)['qtyLots'] = -10))).toBe('sim account state: field reservations[0].qtyLots must not be below 1, got -10');
    expect(refused((s) => ((symbol(s, 'BTCUSDT')['ledger'] as Record<string, unknown>)['qty'] = '-0.0004'))).toBe('sim account state: field symbols.BTCUSDT.ledger.qty must not be below 0, got "-0.0004"');
  });

  it('refuses reservations that do not add up to what is locked, and a state of another account', () => {
    // 6 lots left: 6 × 60000 × 0.00001 × (1 + 7.5 bps) = 3.6027 USDT locked
    expect(refused((s) => (reservation(s, 0)['remaining'] = '1'))).toBe("sim account state: field balances.USDT.locked is \"3.6027\", but the open orders' reservations hold 1 USDT");
    expect(refused((s) => (reservation(s, 1)['remaining'] = '0.0001'))).toBe("sim account state: field balances.BTC.locked is \"0.00002\", but the open orders' reservations hold 0.0001 BTC");
    expect(refused((s) => (reservation(s, 1)['symbol'] = 'XRPUSDT'))).toBe('sim account state: field reservations[1].symbol must be one of BTCUSDT, ETHUSDT, got "XRPUSDT"');
    expect(refused((s) => (s['quoteAsset'] = 'FDUSD'))).toBe('sim account state: field quoteAsset is "FDUSD", this account\'s is USDT');
    expect(refused((s) => ((s['symbols'] as Record<string, unknown>)['SOLUSDT'] = {}))).toBe('sim account state: field symbols.SOLUSDT is not a field of this state');
  });
});

// Property: for random sequences of reservations, partial fills (maker and taker, at or better than the
// limit), releases and marks on two symbols, with fees in the quote or the base asset, the account's
// balances stay exact and never negative (free + locked equals the start plus every fill's flows,
// computed independently), every reservation is given back in full, and the summary's net P&L equals the
// final balances valued at the last mids less the initial balances valued at the same mids, to the digit.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstrument, decimalText, lotsToQty, ticksToPrice, type Instrument } from '../../src/model/index.js';
import { SimAccount } from '../../src/sim/index.js';

const SEED = 20240816;
const Exact = Decimal.clone({ precision: 200 });

const INSTRUMENTS: readonly Instrument[] = [
  createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00001', source: 'test' }),
  createInstrument({ product: 'spot', symbol: 'ETHUSDT', tickSize: '0.01', lotSize: '0.0001', source: 'test' }),
];
const BASES = ['BTC', 'ETH'];

const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reserve' as const), sym: fc.integer({ min: 0, max: 1 }), sell: fc.boolean(), priceTicks: fc.integer({ min: 1, max: 2_000_000 }), n: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), n: fc.nat(), better: fc.integer({ min: 0, max: 500 }), maker: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mark' as const), sym: fc.integer({ min: 0, max: 1 }), priceTicks: fc.integer({ min: 1, max: 2_000_000 }) }) },
);

const setup = fc.record({
  feeAsset: fc.constantFrom('quote' as const, 'base' as const),
  makerBps: fc.constantFrom(0, 1, 2.5, 7.5, 10),
  takerBps: fc.constantFrom(0, 4, 7.5, 10, 25),
  usdtCents: fc.integer({ min: 0, max: 10_000_000 }),
  btcLots: fc.integer({ min: 0, max: 100_000 }),
});

interface Open {
  readonly id: string;
  readonly sym: number;
  readonly side: 'buy' | 'sell';
  readonly priceTicks: number;
  left: number;
}

describe('SimAccount P&L', () => {
  it('net P&L equals the change of the balances valued at the last mids, exactly, and balances never go negative', () => {
    fc.assert(
      fc.property(setup, fc.array(step, { minLength: 1, maxLength: 80, size: 'max' }), fc.tuple(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 2_000_000 })), (cfg, steps, lastMids) => {
        const initial: Record<string, string> = { USDT: decimalText(new Exact(cfg.usdtCents).dividedBy(100)), BTC: lotsToQty(INSTRUMENTS[0] as Instrument, cfg.btcLots) };
        const account = new SimAccount({
          symbols: INSTRUMENTS.map((instrument) => ({ instrument, makerBps: cfg.makerBps, takerBps: cfg.takerBps, feeAsset: cfg.feeAsset })),
          initialBalances: initial,
        });
        const total = new Map<string, Decimal>(['USDT', 'BTC', 'ETH'].map((a) => [a, new Exact(initial[a] ?? '0')]));
        const add = (asset: string, d: Decimal) => total.set(asset, (total.get(asset) as Decimal).plus(d));
        let turnover = new Exact(0);
        let feeValue = new Exact(0);
        const open: Open[] = [];
        let nextId = 0;
        let time = 0;

        const checkBalances = () => {
          for (const [asset, expected] of total) {
            const b = account.balance(asset);
            expect(new Exact(b.free).isNegative(), `${asset} free ${b.free}`).toBe(false);
            expect(new Exact(b.locked).isNegative(), `${asset} locked ${b.locked}`).toBe(false);
            expect(decimalText(new Exact(b.free).plus(b.locked)), `${asset} free + locked`).toBe(decimalText(expected));
          }
        };

        for (const s of steps) {
          time += 1000;
          if (s.kind === 'reserve') {
            const inst = INSTRUMENTS[s.sym] as Instrument;
            const side = s.sell ? 'sell' : 'buy';
            let qtyLots: number;
            if (side === 'sell') {
              // at most about the position, so that some sells pass and some are refused
              const position = new Exact(account.summary().symbols[inst.symbol]?.position ?? '0');
              const held = position.dividedBy(lotsToQty(inst, 1)).floor().toNumber();
              qtyLots = 1 + (s.n % (held + 2));
            } else {
              qtyLots = 1 + (s.n % 5000);
            }
            const id = `o${nextId++}`;
            const before = account.snapshot();
            const reason = account.reserve(id, inst.symbol, side, s.priceTicks, qtyLots);
            if (reason === null) open.push({ id, sym: s.sym, side, priceTicks: s.priceTicks, left: qtyLots });
            else expect(account.snapshot()).toEqual(before);
          } else if (s.kind === 'fill' && open.length > 0) {
            const o = open[s.pick % open.length] as Open;
            const inst = INSTRUMENTS[o.sym] as Instrument;
            const lots = 1 + (s.n % o.left);
            const priceTicks = o.side === 'buy' ? Math.max(1, o.priceTicks - s.better) : o.priceTicks + s.better;
            const out = account.fill(o.id, { symbol: inst.symbol, side: o.side, priceTicks, qtyLots: lots, liquidity: s.maker ? 'maker' : 'taker', timeUs: time });
            o.left -= lots;
            const price = new Exact(ticksToPrice(inst, priceTicks));
            const qty = new Exact(lotsToQty(inst, lots));
            const rate = new Exact(s.maker ? cfg.makerBps : cfg.takerBps).dividedBy(10_000);
            const base = BASES[o.sym] as string;
            const notional = price.times(qty);
            const fee = cfg.feeAsset === 'base' ? qty.times(rate) : notional.times(rate);
            expect(out.fee).toBe(decimalText(fee));
            expect(out.feeAsset).toBe(cfg.feeAsset === 'base' ? base : 'USDT');
            const sign = o.side === 'buy' ? 1 : -1;
            if (cfg.feeAsset === 'base') {
              add(base, qty.times(sign).minus(fee));
              add('USDT', notional.times(-sign));
              feeValue = feeValue.plus(fee.times(price));
            } else {
              add(base, qty.times(sign));
              add('USDT', notional.times(-sign).minus(fee));
              feeValue = feeValue.plus(fee);
            }
            turnover = turnover.plus(notional);
            if (o.left === 0) {
              account.release(o.id);
              open.splice(open.indexOf(o), 1);
            }
          } else if (s.kind === 'release' && open.length > 0) {
            const o = open.splice(s.pick % open.length, 1)[0] as Open;
            account.release(o.id);
          } else if (s.kind === 'mark') {
            const inst = INSTRUMENTS[s.sym] as Instrument;
            account.mark(inst.symbol, ticksToPrice(inst, s.priceTicks), time);
          }
          checkBalances();
        }

        const mids = INSTRUMENTS.map((inst, i) => ticksToPrice(inst, lastMids[i] as number));
        INSTRUMENTS.forEach((inst, i) => account.mark(inst.symbol, mids[i] as string, time + 1));
        for (const o of open) account.release(o.id);
        checkBalances();
        for (const asset of total.keys()) expect(account.balance(asset).locked).toBe('0');

        const value = (asset: string) => (asset === 'USDT' ? new Exact(1) : new Exact(mids[BASES.indexOf(asset)] as string));
        let change = new Exact(0);
        for (const [asset, final] of total) change = change.plus(final.minus(initial[asset] ?? '0').times(value(asset)));
        const s = account.summary();
        expect(s.netPnl).toBe(decimalText(change));
        expect(decimalText(new Exact(s.realizedPnl).plus(s.unrealizedPnl).minus(s.fees))).toBe(s.netPnl);
        expect(s.turnover).toBe(decimalText(turnover));
        expect(s.fees).toBe(decimalText(feeValue));
        expect(new Exact(s.maxDrawdown).isNegative()).toBe(false);
        INSTRUMENTS.forEach((inst, i) => {
          const base = BASES[i] as string;
          expect(s.symbols[inst.symbol]?.position).toBe(decimalText((total.get(base) as Decimal).minus(initial[base] ?? '0')));
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

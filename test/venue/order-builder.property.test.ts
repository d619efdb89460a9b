// Properties of the spot order builder against exchange filters. Two sources of rules:
// - the bundled recordings' symbols (BTCUSDT and NEXOUSDT spot, the cryptofeed spot symbols): tick from the
//   recorded book prices, step from the recorded trade quantities, reference price from the first trade
//   (BLZETH and RUNEEUR, which did not trade in their 30 s: the book's levels and sizes),
//   and Binance's published filters around them (the loopback exchange's exchangeInfo, current and legacy
//   shapes), read by the live parser. No recording holds a real exchangeInfo body (fixtures/SOURCES.md).
// - random but valid synthetic rules: ticks and steps that are not powers of ten, minimums off the grid,
//   disabled rules, absent filters, narrow percent-price bands, instruments finer than the tick.
// Every built order passes the simulator's filter checks, never carries more notional than the cap, never
// crosses the intent's price, and its strings read back as exactly the rounded decimals; and an intent
// already on the grids that the simulator accepts is sent unchanged (the builder refuses nothing more).
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { significantDecimalPlaces } from '../../src/core/index.js';
import { exchangeInfoBody, splitSymbol, type LoopbackInstrument } from '../../src/loopback/exchange-info.js';
import {
  Money,
  createInstrument,
  decimalText,
  isCanonicalDecimal,
  type Instrument,
  type OrderIntent,
  type OrderType,
  type SpotSymbolRules,
} from '../../src/model/index.js';
import { orderFilterFailure } from '../../src/sim/index.js';
import {
  BINANCE_DECIMAL,
  buildOrderParams,
  inferFromSample,
  instrumentFromRules,
  parseExchangeInfo,
  type OrderBuildContext,
  type OrderRefusalRule,
  type SampleMessage,
} from '../../src/venue/index.js';
import { cryptofeedMessages } from '../support/cryptofeed.js';
import { QUIET_SPOT_FILES, SPOT_FILES, fixtureLines } from '../support/fixtures.js';

interface Market {
  readonly rules: SpotSymbolRules;
  readonly inst: Instrument;
  /** The first recorded trade price, in the instrument's ticks. */
  readonly refTicks: number;
}

interface Sample {
  readonly symbol: string;
  readonly payloads: readonly SampleMessage[];
}

function hftSample(file: string, symbol: string): Sample {
  const payloads = fixtureLines(file)
    .slice(0, 4000)
    .map((line) => {
      const payload = line.slice(line.indexOf(' ') + 1);
      const stream = /^\{"stream":"([^"]+)"/.exec(payload)?.[1] ?? '';
      return { kind: stream === '' ? ('rest' as const) : ('ws' as const), stream, payload };
    });
  return { symbol, payloads };
}

function cryptofeedSamples(): Sample[] {
  const messages = cryptofeedMessages('spot');
  const symbols = inferFromSample(messages).symbols;
  return symbols.map((symbol) => ({ symbol, payloads: messages.filter((m) => m.stream.startsWith(`${symbol.toLowerCase()}@`)) }));
}

const MIN_NOTIONAL_BY_QUOTE: Readonly<Record<string, string>> = { USDT: '5', EUR: '5', BTC: '0.0001', ETH: '0.001' };

/** A recorded symbol's rules: its units and prices from the recording, Binance's filters around them. */
function marketsOf(sample: Sample): Market[] {
  const units = inferFromSample(sample.payloads, sample.symbol).units.get(sample.symbol);
  if (units === undefined) throw new Error(`no units for ${sample.symbol}`);
  // trades (price, quantity); a symbol that did not trade in the sample: its book levels (price, size)
  const pairs = (pattern: RegExp): RegExpExecArray[] => sample.payloads.flatMap((m) => [...m.payload.matchAll(pattern)]);
  const recorded = pairs(/"p":"([0-9.]+)","q":"([0-9.]+)"/g);
  const trades = recorded.length > 0 ? recorded : pairs(/\["([0-9.]+)","([0-9.]+)"\]/g);
  const first = trades[0];
  if (first === undefined) throw new Error(`no prices for ${sample.symbol}`);
  const stepDecimals = Math.max(...trades.map((t) => significantDecimalPlaces(t[2] as string)));
  const tickSize = new Decimal(1).div(new Decimal(10).pow(units.priceDecimals)).toFixed();
  const stepSize = new Decimal(1).div(new Decimal(10).pow(stepDecimals)).toFixed();
  const minNotional = MIN_NOTIONAL_BY_QUOTE[splitSymbol(sample.symbol).quote] ?? '5';
  return [false, true].map((legacyFilters) => {
    const spec: LoopbackInstrument = { symbol: sample.symbol, tickSize, stepSize, minNotional, legacyFilters, baseAssetPrecision: units.qtyDecimals };
    const rules = parseExchangeInfo(JSON.stringify(exchangeInfoBody('spot', [spec], 1)), 'spot').get(sample.symbol);
    if (rules?.product !== 'spot') throw new Error(`no rules for ${sample.symbol}`);
    const inst = createInstrument(instrumentFromRules(rules));
    const refTicks = new Money(first[1] as string).div(inst.tickSize).toNumber();
    return { rules, inst, refTicks };
  });
}

const FIXTURE_MARKETS: readonly Market[] = [
  hftSample(SPOT_FILES[0] as string, 'BTCUSDT'),
  hftSample(QUIET_SPOT_FILES[1] as string, 'NEXOUSDT'),
  ...cryptofeedSamples(),
].flatMap(marketsOf);

// ---- synthetic rules ----

/** m × 10^-decimals as a plain decimal string. */
function scaled(m: number, decimals: number): string {
  return decimalText(new Money(m).div(new Money(10).pow(decimals)));
}

const synthetic: fc.Arbitrary<Market> = fc
  .record({
    priceDecimals: fc.integer({ min: 0, max: 8 }),
    tickMultiple: fc.constantFrom(1, 2, 5, 25),
    extraInstDecimals: fc.integer({ min: 0, max: 2 }),
    minPrice: fc.constantFrom('zero', 'grid', 'off'),
    maxPrice: fc.constantFrom('zero', 'high'),
    qtyDecimals: fc.integer({ min: 0, max: 6 }),
    stepMultiple: fc.constantFrom(1, 2, 5, 25),
    extraLotDecimals: fc.integer({ min: 0, max: 3 }),
    minQty: fc.constantFrom('zero', 'grid', 'off'),
    maxQtySteps: fc.option(fc.integer({ min: 1000, max: 1_000_000_000 })),
    notional: fc.option(fc.record({ min: fc.integer({ min: 0, max: 5000 }), max: fc.option(fc.integer({ min: 1, max: 1_000_000 })) })),
    legacyMinNotional: fc.option(fc.integer({ min: 0, max: 5000 })),
    bySide: fc.option(fc.record({ bidUp: fc.integer({ min: 0, max: 50 }), bidDown: fc.integer({ min: 0, max: 9 }), askUp: fc.integer({ min: 0, max: 50 }), askDown: fc.integer({ min: 0, max: 9 }), mins: fc.integer({ min: 0, max: 5 }) })),
    legacyPercent: fc.option(fc.record({ up: fc.integer({ min: 0, max: 50 }), down: fc.integer({ min: 0, max: 9 }), mins: fc.integer({ min: 0, max: 5 }) })),
    refTicks: fc.integer({ min: 10, max: 100_000 }),
  })
  .map((r): Market => {
    const tickSize = scaled(r.tickMultiple, r.priceDecimals);
    const stepSize = scaled(r.stepMultiple, r.qtyDecimals);
    const minPrice = r.minPrice === 'zero' ? '0' : r.minPrice === 'grid' ? scaled(3 * r.tickMultiple, r.priceDecimals) : scaled(3 * r.tickMultiple + 1, r.priceDecimals + 1);
    const minQty = r.minQty === 'zero' ? '0' : r.minQty === 'grid' ? scaled(2 * r.stepMultiple, r.qtyDecimals) : scaled(2 * r.stepMultiple + 1, r.qtyDecimals + 1);
    const rules: SpotSymbolRules = {
      product: 'spot',
      symbol: 'SYNUSDT',
      status: 'TRADING',
      baseAsset: 'SYN',
      quoteAsset: 'USDT',
      quantityPrecision: r.qtyDecimals + r.extraLotDecimals + 1,
      priceFilter: { minPrice, maxPrice: r.maxPrice === 'zero' ? '0' : scaled(r.tickMultiple * 90_000_000, r.priceDecimals), tickSize },
      lotSize: { minQty, maxQty: r.maxQtySteps === null ? '0' : scaled(r.stepMultiple * r.maxQtySteps, r.qtyDecimals), stepSize },
      ...(r.notional === null ? {} : { notional: { minNotional: scaled(r.notional.min, 2), applyMinToMarket: true, maxNotional: r.notional.max === null ? '0' : String(r.notional.max), applyMaxToMarket: false, avgPriceMins: 5 } }),
      ...(r.legacyMinNotional === null ? {} : { minNotional: { minNotional: scaled(r.legacyMinNotional, 2), applyToMarket: true, avgPriceMins: 5 } }),
      ...(r.bySide === null
        ? {}
        : {
            percentPriceBySide: {
              bidMultiplierUp: r.bySide.bidUp === 0 ? '0' : scaled(10 + r.bySide.bidUp, 1),
              bidMultiplierDown: scaled(r.bySide.bidDown, 1),
              askMultiplierUp: r.bySide.askUp === 0 ? '0' : scaled(10 + r.bySide.askUp, 1),
              askMultiplierDown: scaled(r.bySide.askDown, 1),
              avgPriceMins: r.bySide.mins,
            },
          }),
      ...(r.legacyPercent === null
        ? {}
        : { percentPrice: { multiplierUp: r.legacyPercent.up === 0 ? '0' : scaled(10 + r.legacyPercent.up, 1), multiplierDown: scaled(r.legacyPercent.down, 1), avgPriceMins: r.legacyPercent.mins } }),
      otherFilters: [],
    };
    // The book's units: the tick itself, or a finer power of ten; the lot a power of ten at least as fine as the step.
    const instTick = r.extraInstDecimals === 0 ? tickSize : scaled(1, r.priceDecimals + r.extraInstDecimals);
    const inst = createInstrument({ product: 'spot', symbol: 'SYNUSDT', tickSize: instTick, lotSize: scaled(1, r.qtyDecimals + r.extraLotDecimals), source: 'flags' });
    const refTicks = new Money(tickSize).times(r.refTicks).div(instTick).toNumber();
    return { rules, inst, refTicks };
  });

// ---- intents and context around a market's reference price ----

interface Case {
  readonly market: Market;
  readonly intent: OrderIntent;
  readonly context: OrderBuildContext;
  readonly average: Money;
  readonly cap: string;
}

function caseOf(market: fc.Arbitrary<Market>): fc.Arbitrary<Case> {
  return market.chain((m) =>
    fc
      .record({
        side: fc.constantFrom('buy' as const, 'sell' as const),
        type: fc.constantFrom<OrderType>('LIMIT_MAKER', 'LIMIT_IOC'),
        averagePermille: fc.integer({ min: 500, max: 2000 }),
        // mostly near the average (inside the usual percent-price bands), sometimes far from it
        pricePermille: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 700, max: 1300 }) }, { weight: 1, arbitrary: fc.integer({ min: 20, max: 8000 }) }),
        priceJitter: fc.integer({ min: -50, max: 50 }),
        // a number of LOT_SIZE steps, plus part of a step when not on the grid
        stepsMantissa: fc.integer({ min: 1, max: 999 }),
        stepsExponent: fc.integer({ min: 0, max: 4 }),
        partOfStep: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        // on the rules' grids already (nothing to round), or anywhere
        onGrid: fc.boolean(),
        spreadTicks: fc.option(fc.integer({ min: 1, max: 100 })),
        // the cap, relative to the order's notional
        capPermille: fc.integer({ min: 500, max: 5000 }),
      })
      .map((c): Case => {
        const { rules, inst } = m;
        const tick = new Money(inst.tickSize);
        const averageTicks = (m.refTicks * c.averagePermille) / 1000;
        const average = tick.times(m.refTicks).times(c.averagePermille).div(1000);
        let priceTicks = Math.max(1, Math.round((averageTicks * c.pricePermille) / 1000) + c.priceJitter);
        const ruleTickTicks = new Money(rules.priceFilter?.tickSize ?? inst.tickSize).div(inst.tickSize).toNumber();
        if (c.onGrid) priceTicks = Math.max(ruleTickTicks, priceTicks - (priceTicks % ruleTickTicks));
        const stepLots = new Money(rules.lotSize?.stepSize ?? inst.lotSize).div(inst.lotSize).toNumber();
        const steps = c.stepsMantissa * 10 ** c.stepsExponent;
        const qtyLots = Math.min(Number.MAX_SAFE_INTEGER, steps * stepLots + (c.onGrid ? 0 : Math.floor(c.partOfStep * stepLots)));
        const notional = tick.times(priceTicks).times(inst.lotSize).times(qtyLots);
        const book = c.spreadTicks === null ? {} : { bestBidTicks: Math.max(1, Math.round(averageTicks) - c.spreadTicks), bestAskTicks: Math.round(averageTicks) + c.spreadTicks };
        return {
          market: m,
          intent: { product: 'spot', symbol: rules.symbol, side: c.side, type: c.type, priceTicks, qtyLots, reason: 'property', decisionId: 'p' },
          context: { ...book, averagePrice: () => average },
          average,
          cap: decimalText(notional.times(c.capPermille).div(1000).toSignificantDigits(6)),
        };
      }),
  );
}

const RUNS = 3000;

function checkBuilt(c: Case, tally: Map<string, number>): void {
  const { market, intent, context, cap } = c;
  const { rules, inst } = market;
  const outcome = buildOrderParams({ clientOrderId: 'x-U5D79M5Bprop1', intent }, inst, rules, context, { maxNotional: cap });
  tally.set(outcome.kind === 'order' ? 'order' : outcome.rule, (tally.get(outcome.kind === 'order' ? 'order' : outcome.rule) ?? 0) + 1);
  if (outcome.kind !== 'order') return;
  const { params, priceTicks, qtyLots } = outcome;
  // the simulator's filters accept it
  expect(orderFilterFailure(rules, inst, intent.side, priceTicks, qtyLots, () => c.average)).toBeNull();
  // the strings are canonical, Binance's form, and exactly the rounded values
  const price = new Money(inst.tickSize).times(priceTicks);
  const qty = new Money(inst.lotSize).times(qtyLots);
  for (const text of [params.price, params.quantity]) {
    expect(text).toMatch(BINANCE_DECIMAL);
    expect(isCanonicalDecimal(text)).toBe(true);
  }
  expect(new Money(params.price).eq(price)).toBe(true);
  expect(new Money(params.quantity).eq(qty)).toBe(true);
  expect(params.price).toBe(decimalText(price));
  expect(params.quantity).toBe(decimalText(qty));
  // never more notional than the cap
  expect(new Money(outcome.notional).eq(price.times(qty))).toBe(true);
  expect(price.times(qty).lte(cap)).toBe(true);
  // never past the intent's price, at most one PRICE_FILTER tick from it; never more quantity, less by under a step
  const asked = new Money(inst.tickSize).times(intent.priceTicks);
  const tick = rules.priceFilter?.tickSize ?? inst.tickSize;
  if (intent.side === 'buy') expect(price.lte(asked) && asked.minus(price).lt(tick)).toBe(true);
  else expect(price.gte(asked) && price.minus(asked).lt(tick)).toBe(true);
  const askedQty = new Money(inst.lotSize).times(intent.qtyLots);
  expect(qty.lte(askedQty) && askedQty.minus(qty).lt(rules.lotSize?.stepSize ?? inst.lotSize)).toBe(true);
  // the order type
  expect(params.side).toBe(intent.side === 'buy' ? 'BUY' : 'SELL');
  if (intent.type === 'LIMIT_MAKER') {
    expect(params.type).toBe('LIMIT_MAKER');
    expect('timeInForce' in params).toBe(false);
    if (intent.side === 'buy' && context.bestAskTicks !== undefined) expect(priceTicks).toBeLessThan(context.bestAskTicks);
    if (intent.side === 'sell' && context.bestBidTicks !== undefined) expect(priceTicks).toBeGreaterThan(context.bestBidTicks);
  } else {
    expect([params.type, params.timeInForce]).toEqual(['LIMIT', 'IOC']);
  }
}

/** An intent already on the rules' grids that the simulator accepts is sent as asked. */
function checkNoSpuriousRefusal(c: Case): boolean {
  const { market, intent, context, cap } = c;
  const { rules, inst } = market;
  const price = new Money(inst.tickSize).times(intent.priceTicks);
  const qty = new Money(inst.lotSize).times(intent.qtyLots);
  const onGrid = price.mod(rules.priceFilter?.tickSize ?? inst.tickSize).isZero() && qty.mod(rules.lotSize?.stepSize ?? inst.lotSize).isZero();
  if (!onGrid || orderFilterFailure(rules, inst, intent.side, intent.priceTicks, intent.qtyLots, () => c.average) !== null) return false;
  if (price.times(qty).gt(cap)) return false;
  if (intent.type === 'LIMIT_MAKER') {
    if (intent.side === 'buy' && context.bestAskTicks !== undefined && intent.priceTicks >= context.bestAskTicks) return false;
    if (intent.side === 'sell' && context.bestBidTicks !== undefined && intent.priceTicks <= context.bestBidTicks) return false;
  }
  const outcome = buildOrderParams({ clientOrderId: 'x-U5D79M5Bprop2', intent }, inst, rules, context, { maxNotional: cap });
  expect(outcome).toMatchObject({ kind: 'order', priceTicks: intent.priceTicks, qtyLots: intent.qtyLots });
  return true;
}

function summary(tally: Map<string, number>): string {
  return [...tally].map(([k, v]) => `${k} ${v}`).join(', ');
}

describe.each([
  ['the bundled recordings’ symbols under Binance’s filters', caseOf(fc.constantFrom(...FIXTURE_MARKETS))],
  ['random valid synthetic rules', caseOf(synthetic)],
])('buildOrderParams over %s', (_name, cases) => {
  it('builds only orders the simulator accepts, within the cap, never past the intent price, as exact strings', () => {
    const tally = new Map<string, number>();
    fc.assert(fc.property(cases, (c) => checkBuilt(c, tally)), { numRuns: RUNS });
    // not vacuous: a good share is built, and the refusals are spread over the rules
    expect(tally.get('order') ?? 0, summary(tally)).toBeGreaterThan(RUNS / 10);
    const reasons = new Set<OrderRefusalRule | string>(tally.keys());
    for (const rule of ['LOT_SIZE', 'NOTIONAL_CAP', 'PERCENT_PRICE_BY_SIDE']) expect(reasons.has(rule), summary(tally)).toBe(true);
  });

  it('sends unchanged every on-grid intent the simulator accepts within the cap', () => {
    let checked = 0;
    fc.assert(
      fc.property(cases, (c) => {
        if (checkNoSpuriousRefusal(c)) checked++;
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 20);
  });
});

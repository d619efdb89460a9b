// Random trading events for the journal's property tests: every event type and report kind, prices and
// quantities in whole ticks and lots of the instruments below, decimals in canonical form, any text, any
// finite float (decisions), names that a JavaScript object would reorder ("10" before "9").
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { UNJOURNALED_PARAMS, VENUE_REQUEST_KINDS, decimalText, type DecisionAction, type DecisionIntent, type ExecutionReport, type GateResult, type InstrumentSpec, type Product, type TradingEvent } from '../../src/model/index.js';

export const INSTRUMENTS: readonly InstrumentSpec[] = [
  { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00001', source: 'test' },
  { product: 'usdm', symbol: 'BTCUSDT', tickSize: '0.10', lotSize: '0.001', source: 'test' },
  { product: 'spot', symbol: 'XAUTUSDT', tickSize: '0.5', lotSize: '0.0001', source: 'test' },
];

const text = fc.string({ unit: 'binary', maxLength: 12 });
const id = fc.stringMatching(/^[a-zA-Z0-9_-]{1,36}$/);
const count = fc.integer({ min: 0, max: 1_000_000_000 });
const positive = fc.integer({ min: 1, max: 1_000_000_000 });

/** A canonical decimal string, from an integer and a number of decimal places (exact, no float). */
export const decimal: fc.Arbitrary<string> = fc
  .tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 20 }))
  .map(([mantissa, scale]) => decimalText(new Decimal(`${mantissa}e-${scale}`)));

/** Any finite double (no NaN, no ±Infinity); -0 is 0, as the journal writes it. */
export const float: fc.Arbitrary<number> = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
/** A name: any text, or one of those whose order a JavaScript object would change or that is special to it. */
const name = fc.oneof(text, fc.constantFrom('9', '10', '0', 'tfi_1s', 'ofi_500ms', '__proto__', 'constructor'));

const gate: fc.Arbitrary<GateResult> = fc.record({
  gate: name,
  pass: fc.boolean(),
  value: fc.oneof(float, fc.boolean(), text, fc.constant(null)),
  limit: fc.oneof(float, fc.boolean(), text, fc.constant(null)),
});

const costParts = fc.record({ fee: float, halfSpread: float, slippage: float, adverseSelection: float, latencyBuffer: float, safetyMargin: float });

/** A decision's own fields (no product, symbol or time), its intent fitting its action. */
export const decisionFields = fc
  .record({
    decisionId: id,
    action: fc.constantFrom<DecisionAction>('BUY', 'SELL_INVENTORY', 'NO_TRADE'),
    candidate: fc.constantFrom<'BUY' | 'SELL' | null>('BUY', 'SELL', null),
    score: fc.option(float, { nil: null }),
    alphaBps: fc.option(float, { nil: null }),
    costBps: fc.option(float, { nil: null }),
    costParts: fc.option(costParts, { nil: null }),
    gates: fc.array(gate, { maxLength: 6 }),
    features: fc.dictionary(name, fc.option(float, { nil: null }), { maxKeys: 8, noNullPrototype: true }),
    order: fc.record({ type: fc.constantFrom<DecisionIntent['type']>('LIMIT_MAKER', 'LIMIT_IOC'), priceTicks: positive, qtyLots: positive }),
    reason: text,
  })
  .map(({ candidate, order, ...d }) => {
    if (d.action === 'NO_TRADE') return { ...d, side: candidate, intent: null };
    const side: 'BUY' | 'SELL' = d.action === 'BUY' ? 'BUY' : 'SELL';
    return { ...d, side, intent: { ...order, side } };
  });

export const gateTally = count.chain((evaluations) =>
  fc.dictionary(name, fc.integer({ min: 0, max: evaluations }), { maxKeys: 6, noNullPrototype: true }).map((rejectedBy) => ({ evaluations, rejectedBy })),
);

const instrument = fc.constantFrom(...INSTRUMENTS);
const side = fc.constantFrom<'buy' | 'sell'>('buy', 'sell');

function report(symbol: string): fc.Arbitrary<ExecutionReport> {
  const common = fc.record({ clientOrderId: id, symbol: fc.constant(symbol), transactTimeMs: fc.option(count, { nil: null }) });
  return fc.oneof(
    common.chain((c) => id.map((venueOrderId): ExecutionReport => ({ ...c, kind: 'accepted', venueOrderId }))),
    common.chain((c) => text.map((reason): ExecutionReport => ({ ...c, kind: 'rejected', reason }))),
    common.chain((c) => text.map((reason): ExecutionReport => ({ ...c, kind: 'cancelRejected', reason }))),
    common.map((c): ExecutionReport => ({ ...c, kind: 'canceled' })),
    common.map((c): ExecutionReport => ({ ...c, kind: 'expired' })),
    common.chain((c) =>
      fc.record({ request: fc.constantFrom<'submit' | 'cancel'>('submit', 'cancel'), detail: text }).map((r): ExecutionReport => ({ ...c, kind: 'outcomeUnknown', ...r })),
    ),
    common.chain((c) =>
      fc
        .record({ tradeId: id, priceTicks: positive, qtyLots: positive, liquidity: fc.constantFrom<'maker' | 'taker'>('maker', 'taker'), fee: decimal, feeAsset: text })
        .map((f): ExecutionReport => ({ ...c, kind: 'filled', ...f })),
    ),
  );
}

type Body = TradingEvent extends infer E ? (E extends TradingEvent ? Omit<E, 'seq' | 'timeUs'> : never) : never;

const body: fc.Arbitrary<Body> = instrument.chain((inst) => {
  const product: Product = inst.product;
  const symbol = inst.symbol;
  return fc.oneof(
    decisionFields.map((d): Body => ({ type: 'decision', product, symbol, ...d })),
    gateTally.map((t): Body => ({ type: 'gateTally', product, symbol, ...t })),
    fc
      .record({
        clientOrderId: id,
        side,
        type: fc.constantFrom('LIMIT_MAKER', 'LIMIT_IOC', 'LIMIT_GTC' as const),
        priceTicks: positive,
        qtyLots: positive,
        reason: text,
        decisionId: id,
      })
      .map(({ clientOrderId, ...intent }): Body => ({ type: 'orderRequested', request: { clientOrderId, intent: { product, symbol, ...intent } } })),
    fc.record({ clientOrderId: id, reason: text }).map((c): Body => ({ type: 'cancelRequested', product, ...c })),
    fc.record({ symbol: fc.option(fc.constant(symbol), { nil: null }), reason: text }).map((c): Body => ({ type: 'cancelAllRequested', product, ...c })),
    report(symbol).map((r): Body => ({ type: 'reportReceived', product, report: r })),
    fc
      .record({ qty: decimal, entryPrice: fc.option(decimal, { nil: null }), realizedPnl: decimal })
      .map((p): Body => ({ type: 'positionChanged', position: { product, symbol, ...p } })),
    fc
      .record({ gate: text, open: fc.boolean(), scoped: fc.boolean(), reason: text })
      .map(({ scoped, ...g }): Body => ({ type: 'gateChanged', ...g, product: scoped ? product : null, symbol: scoped ? symbol : null })),
    text.map((reason): Body => ({ type: 'killSwitchEngaged', reason })),
    text.map((reason): Body => ({ type: 'killSwitchReset', reason })),
    fc
      .record({
        venue: fc.constantFrom('production', 'demo', 'testnet'),
        request: fc.constantFrom(...VENUE_REQUEST_KINDS),
        clientOrderId: fc.option(id, { nil: null }),
        params: fc.dictionary(name.filter((n) => !UNJOURNALED_PARAMS.includes(n)), text, { maxKeys: 9, noNullPrototype: true }),
      })
      .map((r): Body => ({ type: 'venueRequest', product, ...r })),
  );
});

/** A journal's worth of events: seq 0, 1, 2, ... and times that never go back. */
export function eventsOf(length: { minLength?: number; maxLength: number; size?: fc.SizeForArbitrary }): fc.Arbitrary<TradingEvent[]> {
  return fc.array(fc.tuple(body, fc.integer({ min: 0, max: 5_000_000 })), length).map((items) => {
    let timeUs = 1_723_161_600_000_000;
    return items.map(([b, step], seq) => {
      timeUs += step;
      return { ...b, seq, timeUs } as TradingEvent;
    });
  });
}

export const events = eventsOf({ maxLength: 30 });

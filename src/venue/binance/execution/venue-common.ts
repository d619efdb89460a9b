// venue/binance/execution/venue-common: what the dry-run and the writing venue share — their options, the
// check that a reader belongs to the same route, and an order request turned into the exact parameters of
// Binance's order (order-builder.ts) or the reason it must not go out. The order model tracks the intent's
// price and quantity, so a request the builder had to round (off the tick or step grid) is refused rather
// than sent as something else.

import type { ExecutionRoute } from '../../../config/index.js';
import type { Instrument, OrderRequest, SymbolRules } from '../../../model/index.js';
import { buildOrderParams, type BuiltOrder, type OrderBuildContext, type OrderCaps, type SpotCancelParams, type SpotOrderParams } from '../order-builder.js';
import { CapabilityError } from './capabilities.js';
import type { PrivateReader } from './private-reader.js';
import type { RateLimitWarning } from './rate-limits.js';
import type { RestFailure } from './rest-client.js';

/** The reason of a dry run's order that Binance validated (it ends as `rejected`: nothing was placed). */
export const DRY_RUN_VALIDATED = 'dry run: validated by Binance, not sent';

/** A request as it goes out, with its exact parameters (the journal's record of what was sent or validated). */
export type SentRequest =
  | { readonly kind: 'order' | 'testOrder'; readonly timeUs: number; readonly params: SpotOrderParams }
  | { readonly kind: 'cancel'; readonly timeUs: number; readonly params: SpotCancelParams }
  | { readonly kind: 'cancelAll'; readonly timeUs: number; readonly params: { readonly symbol: string } };

export interface ExecutionVenueOptions {
  /** The exchange's filters of each symbol traded (each needs an instrument in the reader). */
  readonly rules: ReadonlyMap<string, SymbolRules>;
  /** The market now, for the builder's checks (best bid/ask, average price). */
  readonly market: (symbol: string) => OrderBuildContext;
  readonly caps: OrderCaps;
  /** A 429 or 418: the rate-limit gate holds orders back. */
  readonly onRateLimit?: (warning: RateLimitWarning) => void;
  /** Each request, with its exact parameters, as it is sent. */
  readonly onRequest?: (request: SentRequest) => void;
  /** REST timeout of this venue's requests; default: the reader's. */
  readonly requestTimeoutMs?: number;
}

/** Throws a CapabilityError unless `reader` reads the account `route` trades. */
export function requireSameRoute(route: ExecutionRoute, reader: PrivateReader, what: string): void {
  const r = reader.route;
  if (r.venue !== route.venue || r.restUrl !== route.restUrl || r.wsApiUrl !== route.wsApiUrl || r.mode !== route.mode) {
    throw new CapabilityError(`${what}: the reader reads ${r.venue} (${r.restUrl}) in ${r.mode}, the route is ${route.venue} (${route.restUrl}) in ${route.mode}`);
  }
}

/** Every symbol of the rules has an instrument in the reader; returns the instruments of the rules' symbols. */
export function instrumentsFor(rules: ReadonlyMap<string, SymbolRules>, instruments: ReadonlyMap<string, Instrument>, what: string): ReadonlyMap<string, Instrument> {
  const out = new Map<string, Instrument>();
  for (const symbol of rules.keys()) {
    const instrument = instruments.get(symbol);
    if (instrument === undefined) throw new RangeError(`${what}: ${symbol} has rules but the reader has no instrument for it`);
    out.set(symbol, instrument);
  }
  return out;
}

/** The exact order, or why it is not sent (one line). */
export function prepareOrder(
  request: OrderRequest,
  rules: ReadonlyMap<string, SymbolRules>,
  instruments: ReadonlyMap<string, Instrument>,
  options: Pick<ExecutionVenueOptions, 'market' | 'caps'>,
): { readonly kind: 'order'; readonly built: BuiltOrder; readonly instrument: Instrument } | { readonly kind: 'refused'; readonly reason: string } {
  const symbol = request.intent.symbol;
  const symbolRules = rules.get(symbol);
  const instrument = instruments.get(symbol);
  if (symbolRules === undefined || instrument === undefined) return { kind: 'refused', reason: `not sent: ${symbol} is not a symbol of this session` };
  let built: ReturnType<typeof buildOrderParams>;
  try {
    built = buildOrderParams(request, instrument, symbolRules, options.market(symbol), options.caps);
  } catch (error) {
    // a request the builder cannot even read (a broken cap, a price it cannot express) is refused, never thrown
    return { kind: 'refused', reason: `not sent: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (built.kind === 'refused') return { kind: 'refused', reason: `not sent: ${built.rule}: ${built.reason}` };
  const { intent } = request;
  if (built.priceTicks !== intent.priceTicks || built.qtyLots !== intent.qtyLots) {
    return { kind: 'refused', reason: `not sent: off the exchange's grid: it would go out as ${built.params.quantity} at ${built.params.price}` };
  }
  return { kind: 'order', built, instrument };
}

/** The warning of a 429 or 418 failure, or null for any other failure. */
export function rateLimitWarningOf(failure: RestFailure, request: RateLimitWarning['request'], timeUs: number): RateLimitWarning | null {
  if (failure.kind !== 'rateLimited' && failure.kind !== 'banned') return null;
  return { status: failure.kind === 'rateLimited' ? 429 : 418, code: failure.code, retryAfterMs: failure.retryAfterMs, message: failure.message, request, timeUs };
}

/** The reject reason of a rate-limited request. */
export function rateLimitReason(warning: RateLimitWarning): string {
  const retry = warning.retryAfterMs === null ? '' : `; retry after ${warning.retryAfterMs / 1000} s`;
  return `${warning.status === 429 ? 'rate limited' : 'IP banned'} by Binance (HTTP ${warning.status} ${warning.message})${retry}`;
}

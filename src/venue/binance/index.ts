// venue/binance: everything that knows Binance's wire format (and, from the live-ingestion issue on, the
// only place that imports the `binance` SDK). Turns raw messages into flowdesk's normalized events.
export { MalformedMessageError, isMalformedMessageError } from './errors.js';
export { fastParseMarket, parseRawMessage, type InstrumentLookup, type ParsedMessage } from './parse.js';
export { inferFromSample, tickSizeOf, type Inference, type SampleMessage, type SymbolUnits } from './infer.js';
export type { BinanceSdkVenue, BinanceVenueOptions } from './sdk-venue.js';

/**
 * The Binance adapter of the MarketDataVenue port. The SDK (and axios under it) is loaded here, on first
 * use, so replays, exports and the console's engine never pay for loading it.
 */
export async function createBinanceVenue(options: import('./sdk-venue.js').BinanceVenueOptions): Promise<import('./sdk-venue.js').BinanceSdkVenue> {
  const { BinanceSdkVenue } = await import('./sdk-venue.js');
  return new BinanceSdkVenue(options);
}
export { instrumentFromRules, parseExchangeInfo } from './exchange-info.js';
export {
  BINANCE_DECIMAL,
  buildCancelParams,
  buildOrderParams,
  type BuiltOrder,
  type OrderBuildContext,
  type OrderCaps,
  type OrderRefusal,
  type OrderRefusalRule,
  type SpotCancelParams,
  type SpotOrderParams,
} from './order-builder.js';
export {
  MAX_CLIENT_ORDER_ID_LENGTH,
  SPOT_CLIENT_ORDER_ID_PREFIX,
  checkedClientOrderId,
  requestFor,
  sequentialClientOrderIds,
  type ClientOrderIdSource,
} from './client-order-ids.js';

/** The SDK's client order id generator (`generateNewOrderId('spot')`), loaded with the SDK on first use. */
export async function loadSdkClientOrderIds(): Promise<import('./client-order-ids.js').ClientOrderIdSource> {
  const { sdkClientOrderIds } = await import('./sdk-order-ids.js');
  return sdkClientOrderIds();
}

// The spot execution adapter (execution/): a private reader for every private mode, the dry-run venue for
// DRY_RUN_PRIVATE, the writing venue for DEMO/TESTNET/LIVE. The factories load the SDK on first use.
export { CAPABILITY_ENDPOINTS, CapabilityError, isCapabilityError, routeWithAccess, type RestCapability, type RouteWith } from './execution/capabilities.js';
export { ExecutionRequestError, isExecutionRequestError, type RateLimitState, type RateLimitWarning } from './execution/rate-limits.js';
export type { AccountState, AccountTrade, PrivateReader, PrivateReaderOptions, ReaderRoute } from './execution/private-reader.js';
export type { UserStreamChange, UserStreamState, UserStreamStatus } from './execution/user-stream.js';
export type { UserDataWireEvent, ExecutionReportEvent, AccountPositionEvent, BalanceUpdateEvent } from './execution/wire.js';
export type { ExecutionLog, SdkLogLevel } from './execution/sdk-log.js';
export { DRY_RUN_VALIDATED } from './execution/venue-common.js';
export type { ExecutionVenueOptions, SentRequest } from './execution/venue-common.js';
export { venueRequestEvent } from './execution/venue-request.js';
export type { BinanceExecutionVenue } from './execution/binance-venue.js';

/** The account of `route`, read-only (any private mode): no method places or cancels, nor could its client. */
export async function createPrivateReader(
  route: import('../../config/index.js').ExecutionRoute,
  options: import('./execution/private-reader.js').PrivateReaderOptions,
): Promise<import('./execution/private-reader.js').PrivateReader> {
  const { openPrivateReader } = await import('./execution/private-reader.js');
  return openPrivateReader(route, options);
}

/** DRY_RUN_PRIVATE: orders built exactly and validated by POST /api/v3/order/test, never placed. */
export async function createDryRunVenue(
  route: import('./execution/capabilities.js').RouteWith<'validate'>,
  reader: import('./execution/private-reader.js').PrivateReader,
  options: import('./execution/venue-common.js').ExecutionVenueOptions,
): Promise<import('../../model/index.js').ExecutionVenue> {
  const { openDryRunVenue } = await import('./execution/dry-run-venue.js');
  return openDryRunVenue(route, reader, options);
}

/** DEMO, TESTNET, LIVE: the venue that places and cancels orders on the route's venue. */
export async function createBinanceExecutionVenue(
  route: import('./execution/capabilities.js').RouteWith<'write'>,
  reader: import('./execution/private-reader.js').PrivateReader,
  options: import('./execution/venue-common.js').ExecutionVenueOptions,
): Promise<import('./execution/binance-venue.js').BinanceExecutionVenue> {
  const { openBinanceExecutionVenue } = await import('./execution/binance-venue.js');
  return openBinanceExecutionVenue(route, reader, options);
}

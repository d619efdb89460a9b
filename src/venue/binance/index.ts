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

// venue/binance: everything that knows Binance's wire format (and, from the live-ingestion issue on, the
// only place that imports the `binance` SDK). Turns raw messages into flowdesk's normalized events.
export { MalformedMessageError, isMalformedMessageError } from './errors.js';
export { parseRawMessage, type InstrumentLookup, type ParsedMessage } from './parse.js';
export { inferFromSample, tickSizeOf, type Inference, type SampleMessage, type SymbolUnits } from './infer.js';
export { BinanceSdkVenue, type BinanceVenueOptions } from './sdk-venue.js';
export { instrumentFromFilters, parseExchangeInfo, type SymbolFilters } from './exchange-info.js';

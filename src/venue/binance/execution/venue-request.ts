// venue/binance/execution/venue-request: a request the dry-run or the writing venue sent (SentRequest, as
// `onRequest` hands it over) as the fields of the trading journal's venueRequest event. The parameters are
// those before signing, each value the exact string on the wire (a number as String() writes it, as the
// SDK would; an undefined one is left out, as the REST client leaves it out). Whatever must never be
// journaled (signature, API key, timestamp) is dropped here even if a caller put it in.

import type { ExecutionVenueName } from '../../../config/index.js';
import { UNJOURNALED_PARAMS, type VenueRequested } from '../../../model/index.js';
import type { SentRequest } from './venue-common.js';

/** The venueRequest event of `sent`, sent to `venue`, without its seq (the journal numbers it). */
export function venueRequestEvent(sent: SentRequest, venue: ExecutionVenueName): Omit<VenueRequested, 'seq'> {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(sent.params as Readonly<Record<string, unknown>>)) {
    if (value === undefined || UNJOURNALED_PARAMS.includes(name)) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new RangeError(`${sent.kind} parameter ${name} is not a string, number or boolean`);
    }
    entries.push([name, String(value)]);
  }
  const params = Object.fromEntries(entries);
  return { type: 'venueRequest', timeUs: sent.timeUs, product: 'spot', venue, request: sent.kind, clientOrderId: clientOrderIdOf(sent), params };
}

function clientOrderIdOf(sent: SentRequest): string | null {
  switch (sent.kind) {
    case 'order':
    case 'testOrder':
      return sent.params.newClientOrderId;
    case 'cancel':
      return sent.params.origClientOrderId;
    case 'cancelAll':
      return null;
  }
}

// model/venue-request-line: the journal line of a request sent to a real venue (venueRequest), written and
// read: seq, timeUs, type, product, venue, request, clientOrderId (string | null), params {name: string,
// keys sorted}. Every parameter is the exact string sent; a parameter that must never be journaled (the
// signature, the API key, the signing timestamp) is refused both ways: a RangeError when writing (a broken
// program), a LineProblem when reading.

import { LineProblem, objectOf, productOf, sortedObjectText, text, textOrNull, type Fields } from './line-values.js';
import { isProduct } from './product.js';
import { UNJOURNALED_PARAMS, VENUE_REQUEST_KINDS, type VenueRequested, type VenueRequestKind } from './trading-event.js';

interface Head {
  readonly seq: number;
  readonly timeUs: number;
}

/** The canonical line of a venue request; `head` is the line's seq and time, already checked. */
export function venueRequestLine(head: Head, e: VenueRequested): string {
  if (!isProduct(e.product)) throw new RangeError(`unknown product "${String(e.product)}"`);
  if (!VENUE_REQUEST_KINDS.includes(e.request)) throw new RangeError(`unknown venue request "${String(e.request)}"`);
  if (typeof e.venue !== 'string' || e.venue === '') throw new RangeError('venue must be a non-empty string');
  if (e.clientOrderId !== null && typeof e.clientOrderId !== 'string') throw new RangeError('clientOrderId must be a string or null');
  const params = Object.entries(e.params).map(([name, value]): readonly [string, string] => {
    if (UNJOURNALED_PARAMS.includes(name)) throw new RangeError(`params.${name} must never be journaled`);
    if (typeof value !== 'string') throw new RangeError(`params.${name} must be a string, got ${typeof value}`);
    return [name, JSON.stringify(value)];
  });
  const fixed = JSON.stringify({ seq: head.seq, timeUs: head.timeUs, type: e.type, product: e.product, venue: e.venue, request: e.request, clientOrderId: e.clientOrderId });
  // params last, its keys sorted by hand (a JavaScript object would put "10" before "9")
  return `${fixed.slice(0, -1)},"params":${sortedObjectText(params)}}`;
}

/** A venue request read back from its line's fields; throws a LineProblem naming the first field that is wrong. */
export function venueRequestOfFields(head: Head, f: Fields): VenueRequested {
  const product = productOf(f);
  const venue = text(f, 'venue');
  if (venue === '') throw new LineProblem('"venue" must not be empty');
  const request = text(f, 'request') as VenueRequestKind;
  if (!VENUE_REQUEST_KINDS.includes(request)) throw new LineProblem(`unknown venue request "${request}" in "request"`);
  const clientOrderId = textOrNull(f, 'clientOrderId');
  const params = Object.entries(objectOf(f, 'params')).map(([name, value]): [string, string] => {
    if (UNJOURNALED_PARAMS.includes(name)) throw new LineProblem(`"params" must not hold "${name}"`);
    if (typeof value !== 'string') throw new LineProblem(`"params" "${name}" must be a string`);
    return [name, value];
  });
  return { ...head, type: 'venueRequest', product, venue, request, clientOrderId, params: Object.fromEntries(params) };
}

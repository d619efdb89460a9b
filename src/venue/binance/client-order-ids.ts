// venue/binance/client-order-ids: where spot client order ids come from. A source is a function the caller
// injects: live trading uses the SDK's generator (`sdk-order-ids.ts`, loaded with the SDK), tests and the
// simulator a counter, so a run is repeatable. Every id a source gives is checked against Binance's rule
// (1–36 of [a-zA-Z0-9-_]) before an order may carry it. Ids start with the SDK's spot prefix: the SDK warns
// on the console (stdout, over the console's screen) about any id without it.

import { isClientOrderId, type OrderIntent, type OrderRequest } from '../../model/index.js';

/** Gives a fresh client order id on each call. */
export type ClientOrderIdSource = () => string;

/**
 * The prefix the `binance` SDK gives spot ids (`'x-' + getOrderIdPrefix('spot', 'v1')`; its generator adds 22
 * random characters: 32 in all). A test holds this constant to the installed SDK.
 */
export const SPOT_CLIENT_ORDER_ID_PREFIX = 'x-U5D79M5B';

/** Binance's longest client order id. */
export const MAX_CLIENT_ORDER_ID_LENGTH = 36;

/** The id, or a RangeError naming it when it breaks Binance's rule (a broken id source is a bug, not input). */
export function checkedClientOrderId(id: string): string {
  if (!isClientOrderId(id)) throw new RangeError(`client order id ${JSON.stringify(id)} is not 1–${MAX_CLIENT_ORDER_ID_LENGTH} of [a-zA-Z0-9-_]`);
  return id;
}

/**
 * A repeatable source: `x-U5D79M5B<tag><n>` for n = start, start + 1, ... The tag tells runs apart (ids need
 * only be unique among open orders, but the order registry keeps them across restarts). Throws a RangeError
 * when the tag cannot make valid ids; an id that would grow past 36 characters throws when it is asked for.
 */
export function sequentialClientOrderIds(tag: string, start = 1): ClientOrderIdSource {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`sequentialClientOrderIds: start must be a whole number ≥ 0, got ${start}`);
  checkedClientOrderId(`${SPOT_CLIENT_ORDER_ID_PREFIX}${tag}${start}`);
  let next = start;
  return () => checkedClientOrderId(`${SPOT_CLIENT_ORDER_ID_PREFIX}${tag}${next++}`);
}

/** An intent under a fresh id from `ids` (checked). */
export function requestFor(intent: OrderIntent, ids: ClientOrderIdSource): OrderRequest {
  return { clientOrderId: checkedClientOrderId(ids()), intent };
}

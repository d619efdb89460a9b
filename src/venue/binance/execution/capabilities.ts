// venue/binance/execution/capabilities: what each access level of an ExecutionRoute may ask Binance, as
// data. A REST client is built for one capability and can call only that capability's endpoints (the
// check lives in the client, not in a submit path); the user-data connection may send only the WS API
// methods of reading private state. `RouteWith<'write'>` is the type only a write route narrows to, so a
// read or dry-run route cannot even be passed to the factory of a writing venue.

import { FlowdeskError } from '../../../core/index.js';
import type { ExecutionAccess, ExecutionRoute } from '../../../config/index.js';

/** A route whose access is `A` (narrow an ExecutionRoute with `routeWithAccess`). */
export type RouteWith<A extends ExecutionAccess> = ExecutionRoute & { readonly access: A };

/** Narrows `route` to the access level `access` names. */
export function routeWithAccess<A extends ExecutionAccess>(route: ExecutionRoute, access: A): route is RouteWith<A> {
  return route.access === access;
}

/** What one REST client may do: read private state, validate test orders, or place and cancel orders. */
export type RestCapability = 'read' | 'validate' | 'write';

/** `METHOD path` (the SDK's endpoint form, no leading slash) each capability may call. Nothing else. */
export const CAPABILITY_ENDPOINTS: Readonly<Record<RestCapability, readonly string[]>> = Object.freeze({
  read: ['GET api/v3/account', 'GET api/v3/openOrders', 'GET api/v3/order', 'GET api/v3/myTrades'],
  validate: ['POST api/v3/order/test'],
  write: ['POST api/v3/order', 'DELETE api/v3/order', 'DELETE api/v3/openOrders'],
});

/** The WS API methods the user-data connection may send (the SDK's own subscription and heartbeat). */
export const USER_STREAM_METHODS: readonly string[] = Object.freeze([
  'userDataStream.subscribe',
  'userDataStream.subscribe.signature',
  'userDataStream.unsubscribe',
  'session.status',
  'ping',
]);

/** A request a client was not built for: a broken program, never an exchange outcome. */
export class CapabilityError extends FlowdeskError {
  override readonly name = 'CapabilityError';
}

export function isCapabilityError(value: unknown): value is CapabilityError {
  return value instanceof CapabilityError;
}

/** Throws a CapabilityError unless `route` has `access`; `what` names the factory. */
export function requireAccess(route: ExecutionRoute, access: ExecutionAccess, what: string): void {
  if (route.access !== access) {
    throw new CapabilityError(`${what} needs a route with ${access} access; EXECUTION_MODE=${route.mode} has ${route.access} access`);
  }
}

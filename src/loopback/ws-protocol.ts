// loopback/ws-protocol: Binance's WebSocket market-stream protocol, as far as the fake needs it — which
// URL paths exist, which topics a USD-M path carries (split since 2026-04-23: depth and bookTicker on
// /public, everything else on /market), and the replies to SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS /
// SET_PROPERTY / GET_PROPERTY. Pure functions; the server in exchange.ts holds the state.

import type { Product } from '../model/index.js';

/** Which kind of endpoint a connection reached: spot, or USD-M's public / market / legacy (unsplit) path. */
export type PathKind = 'spot' | 'public' | 'market' | 'legacy';

export interface WsRoute {
  readonly kind: PathKind;
  /** `/stream` (combined: frames are `{"stream":..,"data":..}` envelopes) or `/ws` (raw: the data only). */
  readonly combined: boolean;
  /** Streams named in the URL (`/stream?streams=a/b`, `/ws/a`): subscribed from the start. */
  readonly topics: readonly string[];
}

export interface RouteError {
  readonly status: number;
  readonly reason: string;
}

const USDM_PREFIXES: Record<string, PathKind> = { '/public': 'public', '/market': 'market' };

/** A topic's stream type: "btcusdt@depth@100ms" → "depth", "btcusdt@bookTicker" → "bookTicker". */
export function streamType(topic: string): string {
  const body = topic.startsWith('!') ? topic.slice(1) : topic.slice(topic.indexOf('@') + 1);
  const first = (body.split('@')[0] ?? '').split('_')[0] ?? '';
  return first.startsWith('depth') ? 'depth' : first;
}

/** Is a topic allowed on a path? USD-M /public carries depth and bookTicker only, /market everything else. */
export function topicAllowed(kind: PathKind, topic: string): boolean {
  if (kind === 'spot' || kind === 'legacy') return true;
  const type = streamType(topic);
  const isPublic = type === 'depth' || type === 'bookTicker';
  return kind === 'public' ? isPublic : !isPublic;
}

const TOPIC = /^[!A-Za-z0-9_@.-]+$/;

export function isTopic(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && TOPIC.test(value);
}

/** Maps an upgrade request's URL to a route, or says why it is refused (HTTP status and reason). */
export function routeUpgrade(product: Product, rawUrl: string): WsRoute | RouteError {
  const url = new URL(rawUrl, 'http://loopback.invalid');
  let path = url.pathname.replace(/\/+$/, '');
  let kind: PathKind = product === 'spot' ? 'spot' : 'legacy';
  if (product === 'usdm') {
    for (const [prefix, prefixKind] of Object.entries(USDM_PREFIXES)) {
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        kind = prefixKind;
        path = path.slice(prefix.length);
        break;
      }
    }
  }
  let combined: boolean;
  let topics: string[] = [];
  if (path === '/stream') {
    combined = true;
    const streams = url.searchParams.get('streams');
    if (streams !== null && streams !== '') topics = streams.split('/');
  } else if (path === '/ws' || path.startsWith('/ws/')) {
    combined = false;
    topics = path.slice('/ws/'.length).split('/').filter((t) => t !== '');
  } else {
    return { status: 404, reason: `no WebSocket endpoint at ${url.pathname}` };
  }
  for (const topic of topics) {
    if (!isTopic(topic)) return { status: 400, reason: `invalid stream name "${topic.slice(0, 60)}"` };
    if (!topicAllowed(kind, topic)) {
      return { status: 400, reason: `stream ${topic} is not served on the /${kind} path` };
    }
  }
  return { kind, combined, topics };
}

export function isRouteError(value: WsRoute | RouteError): value is RouteError {
  return 'status' in value;
}

/** What a control message asks of the connection's subscriptions, and the reply to send. */
export interface ControlOutcome {
  readonly reply: string;
  readonly subscribe?: readonly string[];
  readonly unsubscribe?: readonly string[];
  readonly setCombined?: boolean;
}

function errorReply(code: number, msg: string, id: unknown): string {
  return JSON.stringify({ error: { code, msg }, id: id ?? null });
}

function validId(id: unknown): boolean {
  return id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
}

/**
 * Handles one text frame a client sent. `topics` is the connection's current set (for LIST_SUBSCRIPTIONS),
 * `combined` its current mode (for GET_PROPERTY).
 */
export function handleControl(
  text: string,
  kind: PathKind,
  topics: ReadonlySet<string>,
  combined: boolean,
): ControlOutcome {
  let message: unknown;
  try {
    message = JSON.parse(text) as unknown;
  } catch {
    return { reply: errorReply(3, 'Invalid JSON: expected value at line 1 column 1', null) };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { reply: errorReply(2, 'Invalid request: request must be an object', null) };
  }
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (!validId(id)) return { reply: errorReply(1, 'Invalid value type: expected u64 or string', null) };
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      if (!Array.isArray(params) || !params.every(isTopic)) {
        return { reply: errorReply(2, 'Invalid request: params must be an array of stream names', id) };
      }
      const names = params as string[];
      if (method === 'SUBSCRIBE' && !names.every((topic) => topicAllowed(kind, topic))) {
        return { reply: errorReply(2, 'Invalid request', id) };
      }
      const reply = JSON.stringify({ result: null, id: id ?? null });
      return method === 'SUBSCRIBE' ? { reply, subscribe: names } : { reply, unsubscribe: names };
    }
    case 'LIST_SUBSCRIPTIONS':
      return { reply: JSON.stringify({ result: [...topics], id: id ?? null }) };
    case 'SET_PROPERTY': {
      if (!Array.isArray(params) || params[0] !== 'combined' || typeof params[1] !== 'boolean') {
        return { reply: errorReply(2, 'Invalid request: unknown property', id) };
      }
      return { reply: JSON.stringify({ result: null, id: id ?? null }), setCombined: params[1] };
    }
    case 'GET_PROPERTY': {
      if (!Array.isArray(params) || params[0] !== 'combined') {
        return { reply: errorReply(2, 'Invalid request: unknown property', id) };
      }
      return { reply: JSON.stringify({ result: combined, id: id ?? null }) };
    }
    default:
      return { reply: errorReply(2, `Invalid request: unknown variant \`${String(method)}\``, id) };
  }
}

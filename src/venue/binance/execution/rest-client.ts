// venue/binance/execution/rest-client: one signed REST client of the `binance` SDK for one capability
// (capabilities.ts), aimed at the route's REST URL only. The SDK's MainClient is held privately and guarded
// twice: `call` accepts only the capability's endpoints, and the client's own request path (`_call`, which
// every SDK method goes through) refuses anything else and any other base URL. Answers come back as
// values: the body, or a RestFailure that says whether the request was refused, rate limited, never sent,
// or may have taken effect (a 5xx, a timeout, a reset connection). A failure carries Binance's code and
// message only: never the URL (it holds the signature), a header (the API key) or the parameters.
// Idempotent reads are retried once on a reset pooled connection (a server restart closes them all).

import { MainClient } from 'binance';
import type { ExecutionRoute } from '../../../config/index.js';
import { CAPABILITY_ENDPOINTS, CapabilityError, type RestCapability } from './capabilities.js';
import { scrubText } from './sdk-log.js';

export type RestMethod = 'GET' | 'POST' | 'DELETE';

export type RestFailureKind =
  /** Binance answered 4xx with an error: nothing was done. */
  | 'refused'
  /** 429: too many requests or orders; nothing was done. */
  | 'rateLimited'
  /** 418: the IP is banned for a while; nothing was done. */
  | 'banned'
  /** The request never left (connection refused, no such host): nothing was done. */
  | 'notSent'
  /** 5xx, a timeout, a reset connection: the request may have taken effect. */
  | 'unknown';

export interface RestFailure {
  readonly kind: RestFailureKind;
  /** HTTP status, or null without an answer. */
  readonly status: number | null;
  /** Binance's error code, or null. */
  readonly code: number | null;
  /** From Retry-After, or null. */
  readonly retryAfterMs: number | null;
  /** One line: Binance's code and message, or what the transport said. */
  readonly message: string;
}

export type RestResult = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly failure: RestFailure };

/** The rate-limit headers the SDK tracks, as the last answer of this client left them. */
export interface RestRateLimits {
  readonly usedWeight1m: number;
  readonly orderCount10s: number;
  readonly orderCount1d: number;
}

export interface RestClientOptions {
  /** Per request; a request with no answer by then is a failure of kind `unknown`. */
  readonly timeoutMs: number;
  /** recvWindow sent with every signed request, ms. */
  readonly recvWindowMs: number;
}

type CallArgs = Parameters<MainClient['_call']>;

/** The SDK's REST client with its request path limited to a set of endpoints on its own base URL. */
class GuardedMainClient extends MainClient {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowed: ReadonlySet<string>, ...args: ConstructorParameters<typeof MainClient>) {
    super(...args); // with time sync off, the SDK's constructor sends nothing
    this.allowed = allowed;
  }

  override _call(...args: CallArgs): ReturnType<MainClient['_call']> {
    const [method, endpoint, , isPrivate, baseUrlOverride] = args;
    if (baseUrlOverride !== undefined || isPrivate !== true || !this.allowed.has(`${String(method)} ${endpoint}`)) {
      return Promise.reject(new CapabilityError(`this client may not call ${String(method)} /${endpoint}${baseUrlOverride === undefined ? '' : ' on another base URL'}`));
    }
    return super._call(...args);
  }
}

interface TransportError {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown> };
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET = new Set(['ECONNRESET', 'EPIPE']);

/** What an SDK/axios error says, as a RestFailure (nothing of the request in it). */
export function restFailureOf(error: unknown, secrets: readonly string[]): RestFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as TransportError;
  const transportCode = typeof e.code === 'string' ? e.code : null;
  const status = typeof e.response?.status === 'number' ? e.response.status : null;
  if (status === null) {
    const what = scrubText(typeof e.message === 'string' ? e.message : String(error), secrets);
    const kind: RestFailureKind = transportCode !== null && NOT_SENT.has(transportCode) ? 'notSent' : 'unknown';
    return { kind, status: null, code: null, retryAfterMs: null, message: transportCode === null ? what : `${transportCode}: ${what}` };
  }
  const data = e.response?.data;
  const body = typeof data === 'object' && data !== null ? (data as { code?: unknown; msg?: unknown }) : {};
  const code = typeof body.code === 'number' ? body.code : null;
  const msg = typeof body.msg === 'string' ? scrubText(body.msg, secrets) : `HTTP ${status}`;
  const retryHeader = e.response?.headers?.['retry-after'];
  const retrySeconds = retryHeader === undefined ? Number.NaN : Number(retryHeader);
  const retryAfterMs = Number.isFinite(retrySeconds) ? retrySeconds * 1000 : null;
  const message = code === null ? `HTTP ${status}: ${msg}` : `${code} ${msg}`;
  const kind: RestFailureKind = status === 429 ? 'rateLimited' : status === 418 ? 'banned' : status >= 500 || status === 408 ? 'unknown' : 'refused';
  return { kind, status, code, retryAfterMs, message };
}

/** Parameters as Binance reads them: undefined ones left out (the SDK would send `key=undefined`). */
function definedParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

export class RestClient {
  readonly #client: GuardedMainClient;
  readonly #allowed: ReadonlySet<string>;
  readonly #secrets: readonly string[];

  /** A client for `capability` on `route`'s REST URL, signing with its key pair. */
  constructor(route: ExecutionRoute, capability: RestCapability, options: RestClientOptions) {
    const { apiKey, apiSecret } = route.credentials;
    this.#allowed = new Set(CAPABILITY_ENDPOINTS[capability]);
    this.#secrets = [apiKey, apiSecret];
    this.#client = new GuardedMainClient(
      this.#allowed,
      {
        baseUrl: route.restUrl,
        api_key: apiKey,
        api_secret: apiSecret,
        recvWindow: options.recvWindowMs,
        disableTimeSync: true,
        parseExceptions: false,
        beautifyResponses: false,
        strictParamValidation: true,
      },
      { timeout: options.timeoutMs },
    );
  }

  /** Calls `METHOD /endpoint`; throws a CapabilityError for an endpoint this client was not built for. */
  async call(method: RestMethod, endpoint: string, params: Readonly<Record<string, unknown>> = {}): Promise<RestResult> {
    if (!this.#allowed.has(`${method} ${endpoint}`)) throw new CapabilityError(`this client may not call ${method} /${endpoint}`);
    const attempt = async (): Promise<RestResult> => {
      try {
        return { ok: true, body: await this.#client._call(method, endpoint, definedParams(params), true) };
      } catch (error) {
        if (error instanceof CapabilityError) throw error;
        return { ok: false, failure: restFailureOf(error, this.#secrets) };
      }
    };
    const first = await attempt();
    if (method !== 'GET' || first.ok || !isReset(first.failure)) return first;
    return attempt();
  }

  rateLimits(): RestRateLimits {
    const s = this.#client.getRateLimitStates();
    return { usedWeight1m: s['x-mbx-used-weight-1m'], orderCount10s: s['x-mbx-order-count-10s'], orderCount1d: s['x-mbx-order-count-1d'] };
  }
}

function isReset(failure: RestFailure): boolean {
  return failure.status === null && [...RESET].some((code) => failure.message.startsWith(`${code}:`));
}

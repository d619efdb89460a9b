// venue/binance/execution/user-stream: the spot user-data stream over the SDK's WS API client
// (`userDataStream.subscribe.signature`; the listenKey endpoints are retired) on the route's WS API URL.
// Every frame's text is read by wire.ts (zod) before the SDK parses it; events go to listeners in arrival
// order (in a microtask: a listener's exception is not swallowed by the SDK's parser). The connection may
// send only the subscription and heartbeat methods (capabilities.ts): the SDK client's request path is
// wrapped so that an order method is refused before it is written.
//
// State: `connecting` → `live` (a subscription answer seen) ⇄ `down` (connection lost; the SDK reconnects
// and resubscribes by itself) → `closed`. Each `live` after a `down` is announced as resubscribed: events
// of the gap are lost, so the caller reconciles through REST then. Times come from the injected Clock.

import { WebsocketAPIClient } from 'binance';
import type { ExecutionRoute } from '../../../config/index.js';
import type { Cancel, Clock, Scheduler } from '../../../core/index.js';
import { CapabilityError, USER_STREAM_METHODS } from './capabilities.js';
import { sanitize, scrubText, sdkLogger, type ExecutionLog } from './sdk-log.js';
import { readUserFrame, type UserDataWireEvent } from './wire.js';

export type UserStreamState = 'idle' | 'connecting' | 'live' | 'down' | 'closed';

export interface UserStreamStatus {
  readonly state: UserStreamState;
  /** When the state last changed, µs (the Clock's). */
  readonly sinceUs: number;
  /** When the last user-data event arrived, µs; null before one. */
  readonly lastEventUs: number | null;
  /** Subscriptions made (the first, then one per resubscription after a drop). */
  readonly subscriptions: number;
  /** Frames that did not match their schema (logged, not delivered). */
  readonly malformed: number;
}

export type UserStreamChange =
  | { readonly kind: 'live'; readonly timeUs: number; readonly resubscribed: boolean }
  | { readonly kind: 'down'; readonly timeUs: number };

export interface UserStreamOptions {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly log?: ExecutionLog;
  /** start() fails when no subscription is answered by then. */
  readonly startTimeoutMs: number;
  /** The SDK's wait before reconnecting a dropped connection, and before resubscribing on it. */
  readonly reconnectDelayMs: number;
  /** Heartbeat: a ping every pingIntervalMs; no pong within pongTimeoutMs drops the connection. */
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
}

const WS_KEY = 'mainWSAPI';

type SendWsApi = (wsKey: string, method: string, ...rest: unknown[]) => Promise<unknown>;

export class UserStream {
  readonly #api: WebsocketAPIClient;
  readonly #secrets: readonly string[];
  readonly #eventListeners = new Set<(event: UserDataWireEvent) => void>();
  readonly #changeListeners = new Set<(change: UserStreamChange) => void>();
  #state: UserStreamState = 'idle';
  #sinceUs: number;
  #lastEventUs: number | null = null;
  #subscriptions = 0;
  #malformed = 0;
  #starting: Promise<void> | null = null;

  constructor(
    route: ExecutionRoute,
    private readonly options: UserStreamOptions,
  ) {
    const { apiKey, apiSecret } = route.credentials;
    this.#secrets = [apiKey, apiSecret];
    this.#sinceUs = options.clock.nowUs();
    this.#api = new WebsocketAPIClient(
      {
        wsUrl: route.wsApiUrl,
        api_key: apiKey,
        api_secret: apiSecret,
        beautify: false,
        attachEventListeners: false,
        muteLatencyWarning: true,
        reconnectTimeout: options.reconnectDelayMs,
        resubscribeUserDataStreamDelaySeconds: options.reconnectDelayMs / 1000,
        pingInterval: options.pingIntervalMs,
        pongTimeout: options.pongTimeoutMs,
        customParseJSONFn: (text: string) => {
          this.frame(text);
          return JSON.parse(text) as object;
        },
      },
      sdkLogger(options.log, this.#secrets),
    );
    guardUserDataConnection(this.#api);
    const ws = this.#api.getWSClient();
    ws.on('reconnecting', () => this.down());
    ws.on('close', () => this.down());
    ws.on('exception', (event: unknown) => this.log('error', 'user-data connection error', { detail: sanitize(event, this.#secrets) }));
  }

  /**
   * Subscribes (once; later calls share it). Rejects with a one-line Error when the subscription is refused
   * or not answered within startTimeoutMs; a later call then tries again.
   */
  start(): Promise<void> {
    if (this.#starting !== null) return this.#starting;
    if (this.#state === 'closed') return Promise.reject(new Error('user-data stream: closed'));
    this.setState('connecting');
    this.#starting = new Promise<void>((resolve, reject) => {
      let timer: Cancel | null = this.options.scheduler.after(this.options.startTimeoutMs, () => {
        timer = null;
        this.#starting = null;
        reject(new Error(`user-data stream: no subscription within ${this.options.startTimeoutMs} ms`));
      });
      const settle = (error: string | null): void => {
        if (timer === null) return;
        timer();
        timer = null;
        if (error === null) {
          resolve();
          return;
        }
        this.#starting = null; // a later start() tries again
        reject(new Error(`user-data stream: subscription refused: ${error}`));
      };
      this.#api.subscribeUserDataStream(WS_KEY).then(
        () => settle(null),
        (error: unknown) => settle(wsApiError(error, this.#secrets)),
      );
    });
    return this.#starting;
  }

  onEvent(listener: (event: UserDataWireEvent) => void): Cancel {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  onChange(listener: (change: UserStreamChange) => void): Cancel {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  status(): UserStreamStatus {
    return { state: this.#state, sinceUs: this.#sinceUs, lastEventUs: this.#lastEventUs, subscriptions: this.#subscriptions, malformed: this.#malformed };
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.setState('closed');
    const ws = this.#api.getWSClient();
    ws.closeAll(true);
    ws.removeAllListeners();
    ws.on('exception', () => undefined);
    this.#eventListeners.clear();
    this.#changeListeners.clear();
  }

  private frame(text: string): void {
    if (this.#state === 'closed') return;
    let frame: ReturnType<typeof readUserFrame>;
    try {
      frame = readUserFrame(text);
    } catch (error) {
      this.#malformed++;
      this.log('error', 'malformed user-data frame', { error: sanitize(error, this.#secrets) });
      return;
    }
    if (frame.kind === 'subscribed') {
      const resubscribed = this.#subscriptions > 0;
      this.#subscriptions++;
      this.setState('live');
      this.announce({ kind: 'live', timeUs: this.#sinceUs, resubscribed });
    } else if (frame.kind === 'event') {
      this.#lastEventUs = this.options.clock.nowUs();
      const event = frame.event;
      queueMicrotask(() => {
        for (const listener of this.#eventListeners) listener(event);
      });
    }
  }

  private down(): void {
    if (this.#state === 'closed' || this.#state === 'down') return;
    this.setState('down');
    this.announce({ kind: 'down', timeUs: this.#sinceUs });
  }

  private setState(state: UserStreamState): void {
    this.#state = state;
    this.#sinceUs = this.options.clock.nowUs();
  }

  /** After the events already queued, like them. */
  private announce(change: UserStreamChange): void {
    queueMicrotask(() => {
      for (const listener of this.#changeListeners) listener(change);
    });
  }

  private log(level: 'info' | 'error', message: string, fields: Record<string, unknown>): void {
    this.options.log?.(level, message, fields);
  }
}

/**
 * Limits what `api` can send to the subscription and heartbeat methods (USER_STREAM_METHODS): every WS API
 * request of the SDK goes through its client's sendWSAPIRequest, so an order method is refused there,
 * before anything is written.
 */
export function guardUserDataConnection(api: WebsocketAPIClient): void {
  const ws = api.getWSClient();
  const send = ws.sendWSAPIRequest.bind(ws) as unknown as SendWsApi;
  const guarded: SendWsApi = (wsKey, method, ...rest) =>
    USER_STREAM_METHODS.includes(method) ? send(wsKey, method, ...rest) : Promise.reject(new CapabilityError(`the user-data connection may not send ${method}`));
  (ws as unknown as { sendWSAPIRequest: SendWsApi }).sendWSAPIRequest = guarded;
}

/** One line from a WS API rejection ({status, error: {code, msg}}) or a connection error, nothing secret. */
function wsApiError(error: unknown, secrets: readonly string[]): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { error?: { code?: unknown; msg?: unknown }; message?: unknown };
  if (typeof e.error?.code === 'number') return scrubText(`${e.error.code} ${String(e.error.msg ?? '')}`.trim(), secrets);
  return scrubText(typeof e.message === 'string' ? e.message : String(error), secrets);
}

// loopback/exchange: LoopbackExchange, a fake Binance (spot or USD-M) on 127.0.0.1 that the real `binance`
// SDK connects to. One port serves REST (depth, exchangeInfo, time, ping) and WebSocket upgrades (the
// SDK's /stream, /public/stream, /market/stream, and /ws). A market clock replays a real recording in
// recorded order, sending every WebSocket payload byte for byte to the connections subscribed to its
// stream, and advancing the fake's own book with each depth diff, so depth snapshots match the frames
// already sent. Faults (gaps, duplicates, reordering, disconnects, stalls, failed or stale snapshots,
// malformed frames, serverShutdown) are injected on command. With the `private` option (spot), the same
// port also serves the signed REST endpoints and the WS API user-data stream at /ws-api/v3 (private/*.ts).
// Every request the port receives is recorded (requests()).
//
// The fake shares no code with what it tests: it imports core, model and recording, never book, venue or
// kernel. It is exempt from the determinism rule (a server needs wall time and timers).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { InputError } from '../core/index.js';
import type { Product, RawMessage } from '../model/index.js';
import { FakeBook, type WireLevel } from './book.js';
import { exchangeInfoBody, type LoopbackInstrument } from './exchange-info.js';
import { prepareMarket, type PlayEntry, type RecordedSnapshot } from './market.js';
import { handleControl, isRouteError, routeUpgrade, type PathKind, type WsRoute } from './ws-protocol.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { rulesFromExchangeInfo } from './private/filters.js';
import { PrivateSide, type PrivateHost, type PrivateOptions } from './private/private-side.js';
import { WS_API_PATH } from './private/ws-api.js';

export interface LoopbackOptions {
  readonly product: Product;
  /** A real recording, e.g. from loadRecordingMessages: ws envelopes plus each symbol's REST snapshot. */
  readonly messages: readonly RawMessage[];
  readonly instruments: readonly LoopbackInstrument[];
  /** Multiplier of the recorded receive-time gaps (1 = real time, 10 = ten times faster), or 'max'. Default 1. */
  readonly speed?: number | 'max';
  /** Keep every market-data frame sent, for sentFrames(). Default false. */
  readonly keepSentFrames?: boolean;
  /**
   * Subscribable names for recorded streams: { "btcusdt@depth@100ms": "btcusdt@depth@0ms" } lets a client
   * subscribe to the first and receive the second, with the envelope's stream name rewritten (the data is
   * untouched). For USD-M recordings made on @depth@0ms.
   */
  readonly streamAliases?: Readonly<Record<string, string>>;
  /**
   * Server time of REST responses: the market clock (exchange time of the last played message) or the
   * wall clock (the private side's clock when it is on). Default: 'market', or 'wall' with `private`.
   */
  readonly serverTime?: 'market' | 'wall';
  /**
   * Event and transaction times (E, T) of the frames sent: as recorded (default), or 'wall': moved by the time
   * between the frame's recorded receive and its sending, so receive − E stays the recorded latency (a client
   * judging freshness by E, such as the strategy's latency gate, sees recorded data as live).
   */
  readonly eventTimes?: 'recorded' | 'wall';
  /** Send a ping frame to every connection at this interval (Binance: 20 s spot, 3 min USD-M). Default: never. */
  readonly pingIntervalMs?: number;
  /** The port to listen on (127.0.0.1); default any free port. A soak reuses one across exchanges. */
  readonly port?: number;
  /** Messages played per event-loop turn at most. Default 512. */
  readonly batchSize?: number;
  /** Spot only: serve the private side (signed REST, WS API user data, its own matcher). Off by default. */
  readonly private?: PrivateOptions;
}

export interface LoopbackAddress {
  /** REST base URL for MainClient / USDMClient `baseUrl` (no trailing slash). */
  readonly restUrl: string;
  /** WebSocket base URL for WebsocketClient `wsUrl` (the SDK appends its path). */
  readonly wsUrl: string;
  readonly port: number;
}

export type SnapshotFailure = 429 | 418 | 500 | 502 | 503 | 'timeout';

export interface MalformedFrameOptions {
  /**
   * 'truncated' (default): the next diff's frame cut in half; 'badField': a depthUpdate whose U is a string;
   * or `text`: exactly this text.
   */
  readonly kind?: 'truncated' | 'badField';
  readonly text?: string;
  /** Also withhold the diff itself (a gap). Default false: the diff follows the malformed frame. */
  readonly dropFrame?: boolean;
}

export interface SentSummary {
  /** Market-data frames sent (a frame sent to two connections counts twice); replies to requests are not counted. */
  readonly frames: number;
  /** The same by stream name (as subscribed; "serverShutdown" for shutdown notices). */
  readonly byStream: Record<string, number>;
}

export interface LoopbackStats {
  /** REST requests by path ("/api/v3/depth"); unknown paths under "unknown". */
  readonly requests: Record<string, number>;
  readonly usedWeight1m: number;
  readonly failedSnapshots: number;
  readonly connectionsOpen: number;
  readonly connectionsTotal: number;
  /** WebSocket upgrade requests received (connection attempts), accepted or refused. */
  readonly connectionAttempts: number;
  /** Of those, refused while refuseConnections(true) held. */
  readonly connectionsRefused: number;
  /** Text frames received from clients (SUBSCRIBE etc.). */
  readonly controlMessages: number;
  /** Messages played so far / in all (after the skipped ones). */
  readonly played: number;
  readonly total: number;
  /** Recorded messages never played: before a symbol's start point, extra REST lines, lifecycle lines. */
  readonly skipped: number;
  /** Depth frames withheld by faults (drop, stall with dropFrames, malformed with dropFrame). */
  readonly withheldDiffs: number;
  readonly finished: boolean;
}

export interface ClientInfo {
  readonly id: number;
  readonly kind: PathKind;
  readonly combined: boolean;
  readonly topics: readonly string[];
}

/** The body of a depth response. */
export interface DepthBody {
  readonly lastUpdateId: number;
  readonly E?: number;
  readonly T?: number;
  readonly bids: WireLevel[];
  readonly asks: WireLevel[];
}

interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly kind: PathKind;
  combined: boolean;
  readonly topics: Set<string>;
}

interface SymbolState {
  readonly book: FakeBook;
  readonly snapshot: RecordedSnapshot;
  eventTimeMs: number | null;
  transactTimeMs: number | null;
}

interface MalformedDirective extends MalformedFrameOptions {
  readonly stream: string | undefined;
}

interface HeldDiff {
  readonly entry: PlayEntry;
  readonly copies: number;
}

const OPEN = WebSocket.OPEN;
const BACKLOG_BYTES = 8 * 1024 * 1024;
const SPOT_MAX_DEPTH = 5000;
const USDM_DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];
const JSON_TYPE = 'application/json;charset=UTF-8';
/** The event and transaction times of a frame ("E":ms, "T":ms), for eventTimes: 'wall'. */
const EVENT_TIME = /"([ET])":(\d+)/g;

function spotDepthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

function usdmDepthWeight(limit: number): number {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

/** Removes and reports the first queued directive matching `symbol` (undefined matches any). */
function takeMatching(queue: (string | undefined)[], symbol: string): boolean {
  const index = queue.findIndex((wanted) => wanted === undefined || wanted === symbol);
  if (index < 0) return false;
  queue.splice(index, 1);
  return true;
}

function normalizeSymbol(symbol: string | undefined): string | undefined {
  return symbol === undefined ? undefined : symbol.toUpperCase();
}

export class LoopbackExchange {
  readonly product: Product;
  private readonly entries: readonly PlayEntry[];
  private readonly skippedCount: number;
  private readonly instruments: readonly LoopbackInstrument[];
  private readonly symbols = new Map<string, SymbolState>();
  private readonly aliasToStream = new Map<string, string>();
  private readonly aliasesOfStream = new Map<string, string[]>();
  private readonly keepFrames: boolean;
  private readonly serverTimeMode: 'market' | 'wall';
  private readonly wallEventTimes: boolean;
  private readonly pingIntervalMs: number;
  private readonly batchSize: number;
  private speed: number | 'max';
  private readonly port: number;

  // servers
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private starting: Promise<LoopbackAddress> | null = null;
  private stopped = false;
  private readonly connections = new Set<Connection>();
  private connectionsTotal = 0;
  private nextConnectionId = 1;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  // playback
  private cursor = 0;
  private playing = false;
  private playTimeout: NodeJS.Timeout | null = null;
  private playImmediate: NodeJS.Immediate | null = null;
  private anchorWallMs = 0;
  private anchorMarketUs = 0;
  private marketTimeMs: number | null = null;
  private done = false;
  private resolveFinished: () => void = () => undefined;
  private readonly finishedPromise: Promise<void>;

  // faults
  private readonly dropQueue: (string | undefined)[] = [];
  private readonly duplicateQueue: (string | undefined)[] = [];
  private readonly reorderQueue: (string | undefined)[] = [];
  private readonly malformedQueue: MalformedDirective[] = [];
  private readonly held = new Map<string, HeldDiff>();
  private silent = false;
  private silentUntilMs = 0;
  private silenceToken = 0;
  private dropDepthUntilMs = 0;
  private snapshotFailures: { remaining: number; status: SnapshotFailure; retryAfterSeconds: number } | null = null;
  private refusing = false;
  private connectionAttempts = 0;
  private connectionsRefused = 0;
  private staleNext = false;
  private readonly heldResponses = new Set<ServerResponse>();

  // counters
  private readonly requestCounts: Record<string, number> = {};
  private weightMinute = -1;
  private usedWeight = 0;
  private failedSnapshots = 0;
  private controlMessages = 0;
  private withheldDiffs = 0;
  private sentCount = 0;
  private readonly sentByStream: Record<string, number> = {};
  private readonly frames: string[] = [];
  private readonly log = new RequestLog();
  private readonly privateRef: PrivateSide | null = null;

  constructor(options: LoopbackOptions) {
    this.product = options.product;
    const speed = options.speed ?? 1;
    if (speed !== 'max' && !(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
      throw new InputError(`loopback: speed must be a positive number or 'max', got ${String(speed)}`);
    }
    this.speed = speed;
    this.port = options.port ?? 0;
    this.keepFrames = options.keepSentFrames ?? false;
    this.serverTimeMode = options.serverTime ?? (options.private === undefined ? 'market' : 'wall');
    this.wallEventTimes = options.eventTimes === 'wall';
    this.pingIntervalMs = options.pingIntervalMs ?? 0;
    this.batchSize = Math.max(1, options.batchSize ?? 512);
    this.instruments = options.instruments.map((inst) => ({ ...inst, symbol: inst.symbol.toUpperCase() }));
    for (const message of options.messages) {
      if (message.product !== this.product) {
        throw new InputError(`loopback: a ${message.product} message (seq ${message.seq}) given to a ${this.product} exchange`);
      }
    }
    const market = prepareMarket(this.product, options.messages);
    this.entries = market.entries;
    this.skippedCount = market.skipped;
    for (const [symbol, snapshot] of market.snapshots) {
      const book = new FakeBook();
      book.reset(snapshot.lastUpdateId, snapshot.bids, snapshot.asks);
      this.symbols.set(symbol, {
        book,
        snapshot,
        eventTimeMs: snapshot.eventTimeMs,
        transactTimeMs: snapshot.transactTimeMs,
      });
    }
    for (const [alias, stream] of Object.entries(options.streamAliases ?? {})) {
      this.aliasToStream.set(alias, stream);
      this.aliasesOfStream.set(stream, [...(this.aliasesOfStream.get(stream) ?? []), alias]);
    }
    this.marketTimeMs = this.entries.find((entry) => entry.eventTimeMs !== null)?.eventTimeMs ?? null;
    this.finishedPromise = new Promise<void>((resolve) => {
      this.resolveFinished = resolve;
    });
    if (options.private !== undefined) {
      if (this.product !== 'spot') throw new InputError('loopback: the private side serves spot only');
      const rules = rulesFromExchangeInfo(exchangeInfoBody('spot', this.instruments, 0));
      this.privateRef = new PrivateSide(options.private, rules, this.entries, this.privateHost());
    }
    if (this.entries.length === 0) this.finish();
  }

  private privateHost(): PrivateHost {
    return {
      book: { levels: (symbol, side, limit) => this.symbols.get(symbol)?.book[side].top(limit) ?? [] },
      log: this.log,
      countWeight: (weight) => this.countWeight(weight),
      reply: (res, status, body, weight, headers) => this.reply(res, status, body, weight, headers),
      hold: (res) => {
        this.heldResponses.add(res);
        res.on('close', () => this.heldResponses.delete(res));
      },
    };
  }

  /** The private side (the `private` option); throws when the exchange was built without it. */
  privateSide(): PrivateSide {
    if (this.privateRef === null) throw new InputError('loopback: this exchange has no private side (option `private`)');
    return this.privateRef;
  }

  /** Every request this port received, REST and WS API, in arrival order. */
  requests(): RequestRecord[] {
    return this.log.list();
  }

  // ---------------------------------------------------------------------------------------------------
  // lifecycle

  /** Listens on 127.0.0.1 (a free port unless options.port): HTTP and WebSocket upgrades on the same port. */
  start(): Promise<LoopbackAddress> {
    if (this.stopped) return Promise.reject(new Error('loopback: start() after stop()'));
    this.starting ??= this.listen();
    return this.starting;
  }

  private async listen(): Promise<LoopbackAddress> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5000;
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server = server;
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    if (this.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => {
        for (const conn of this.connections) if (conn.ws.readyState === OPEN) conn.ws.ping();
      }, this.pingIntervalMs);
    }
    return { restUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port };
  }

  /** Stops playback, terminates every WebSocket, drops held requests, closes the server, clears every timer. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.playing = false;
    this.clearPlayTimer();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
    this.privateRef?.close();
    for (const res of this.heldResponses) res.destroy();
    this.heldResponses.clear();
    const server = this.server;
    const wss = this.wss;
    this.server = null;
    this.wss = null;
    if (wss !== null) await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (server !== null) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // playback

  /** Starts (or resumes) playback on the market clock. */
  play(): void {
    if (this.stopped || this.done || this.playing) return;
    this.playing = true;
    this.reanchor();
    this.schedule();
  }

  /** Stops playback where it is; play() resumes (the pause is not counted as market time). */
  pause(): void {
    this.playing = false;
    this.clearPlayTimer();
  }

  /** Changes the speed; takes effect from the next message. */
  setSpeed(speed: number | 'max'): void {
    if (speed !== 'max' && !(speed > 0 && Number.isFinite(speed))) throw new InputError(`loopback: bad speed ${String(speed)}`);
    this.speed = speed;
    this.reanchor();
    this.clearPlayTimer();
    this.schedule();
  }

  /** Plays the next `count` messages now, whatever the clock says (and even when paused). Returns how many were played. */
  advance(count = 1): number {
    let played = 0;
    while (played < count && this.cursor < this.entries.length && !this.stopped) {
      this.playEntry(this.entries[this.cursor++] as PlayEntry);
      played++;
    }
    if (this.cursor >= this.entries.length) this.finish();
    else if (this.playing) {
      this.reanchor();
      this.clearPlayTimer();
      this.schedule();
    }
    return played;
  }

  /** Resolves when every message has been played (never, if stop() comes first). */
  finished(): Promise<void> {
    return this.finishedPromise;
  }

  /** Same as finished(). */
  onIdle(): Promise<void> {
    return this.finishedPromise;
  }

  /** The payloads that playback sends, in order (of one recorded stream, or all): what a subscriber should receive. */
  playbackPayloads(stream?: string): string[] {
    const out: string[] = [];
    for (const entry of this.entries) if (stream === undefined || entry.stream === stream) out.push(entry.raw.payload);
    return out;
  }

  /** The recording's snapshot of a symbol (what staleNextSnapshot serves). */
  recordedSnapshot(symbol: string): { lastUpdateId: number; payload: string } | null {
    const state = this.symbols.get(symbol.toUpperCase());
    return state === undefined ? null : { lastUpdateId: state.snapshot.lastUpdateId, payload: state.snapshot.payload };
  }

  /** The fake's book now, as a depth response would carry it. */
  depth(symbol: string, limit = 1000): DepthBody | null {
    const state = this.symbols.get(symbol.toUpperCase());
    if (state === undefined) return null;
    return this.depthBody(state, limit, false);
  }

  private reanchor(): void {
    this.anchorWallMs = performance.now();
    const next = this.entries[this.cursor];
    this.anchorMarketUs = next === undefined ? 0 : next.raw.receiveTimeUs;
  }

  private running(): boolean {
    return this.playing && !this.stopped && !this.done && !this.silent;
  }

  private clearPlayTimer(): void {
    if (this.playTimeout !== null) clearTimeout(this.playTimeout);
    if (this.playImmediate !== null) clearImmediate(this.playImmediate);
    this.playTimeout = null;
    this.playImmediate = null;
  }

  private schedule(): void {
    if (this.playTimeout !== null || this.playImmediate !== null || !this.running()) return;
    const next = this.entries[this.cursor];
    if (next === undefined) return;
    let delay = 0;
    if (this.speed === 'max') {
      if (this.backlogged()) delay = 2;
    } else {
      delay = this.dueWallMs(next) - performance.now();
    }
    if (delay <= 0) this.playImmediate = setImmediate(() => this.tick());
    else this.playTimeout = setTimeout(() => this.tick(), delay);
  }

  private backlogged(): boolean {
    for (const conn of this.connections) if (conn.ws.bufferedAmount > BACKLOG_BYTES) return true;
    return false;
  }

  private dueWallMs(entry: PlayEntry): number {
    const speed = this.speed === 'max' ? Number.POSITIVE_INFINITY : this.speed;
    return this.anchorWallMs + (entry.raw.receiveTimeUs - this.anchorMarketUs) / 1000 / speed;
  }

  private tick(): void {
    this.playTimeout = null;
    this.playImmediate = null;
    if (!this.running()) return;
    const now = performance.now();
    let played = 0;
    while (this.cursor < this.entries.length && played < this.batchSize) {
      const entry = this.entries[this.cursor] as PlayEntry;
      if (this.speed !== 'max' && this.dueWallMs(entry) > now) break;
      this.cursor++;
      this.playEntry(entry);
      played++;
    }
    if (this.cursor >= this.entries.length) this.finish();
    else this.schedule();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.clearPlayTimer();
    for (const held of this.held.values()) this.sendEntry(held.entry, held.copies);
    this.held.clear();
    this.resolveFinished();
  }

  private playEntry(entry: PlayEntry): void {
    const state = this.symbols.get(entry.symbol);
    if (entry.eventTimeMs !== null) {
      this.marketTimeMs = entry.eventTimeMs;
      if (state !== undefined) {
        state.eventTimeMs = entry.eventTimeMs;
        state.transactTimeMs = entry.transactTimeMs;
      }
    }
    if (entry.diff === null) {
      this.sendEntry(entry, 1);
    } else {
      if (state !== undefined) state.book.applyDiff(entry.diff.finalUpdateId, entry.diff.bids, entry.diff.asks);
      this.emitDiff(entry);
    }
    this.privateRef?.onMarketEntry(entry);
  }

  /** A depth diff through the fault gauntlet: stall, drop, malformed, duplicate, reorder. */
  private emitDiff(entry: PlayEntry): void {
    const symbol = entry.symbol;
    if (performance.now() < this.dropDepthUntilMs || takeMatching(this.dropQueue, symbol)) {
      this.withheldDiffs++;
      return;
    }
    const malformedAt = this.malformedQueue.findIndex((d) => d.stream === undefined || this.streamOf(d.stream) === entry.stream);
    if (malformedAt >= 0) {
      const directive = this.malformedQueue.splice(malformedAt, 1)[0] as MalformedDirective;
      this.sendMalformed(entry, directive);
      if (directive.dropFrame === true) {
        this.withheldDiffs++;
        return;
      }
    }
    const copies = takeMatching(this.duplicateQueue, symbol) ? 2 : 1;
    const held = this.held.get(symbol);
    if (held !== undefined) {
      this.held.delete(symbol);
      this.sendEntry(entry, copies);
      this.sendEntry(held.entry, held.copies);
      return;
    }
    if (takeMatching(this.reorderQueue, symbol)) {
      this.held.set(symbol, { entry, copies });
      return;
    }
    this.sendEntry(entry, copies);
  }

  // ---------------------------------------------------------------------------------------------------
  // sending

  private streamOf(name: string): string {
    return this.aliasToStream.get(name) ?? name;
  }

  /** Names under which `conn` subscribed to a recorded stream (the stream itself and/or aliases). */
  private namesFor(conn: Connection, stream: string): string[] {
    const names: string[] = [];
    if (conn.topics.has(stream)) names.push(stream);
    const aliases = this.aliasesOfStream.get(stream);
    if (aliases !== undefined) for (const alias of aliases) if (conn.topics.has(alias)) names.push(alias);
    return names;
  }

  /** The frame text for one connection: the recorded envelope, renamed for an alias, or only its data on /ws. */
  private frameText(entry: PlayEntry, name: string, combined: boolean, shiftMs = 0): string {
    const payload = shiftMs === 0 ? entry.raw.payload : entry.raw.payload.replace(EVENT_TIME, (_m, field: string, ms: string) => `"${field}":${Number(ms) + shiftMs}`);
    const prefix = `{"stream":"${entry.stream}","data":`;
    const isEnvelope = payload.startsWith(prefix) && payload.endsWith('}');
    if (combined) {
      if (isEnvelope) return name === entry.stream ? payload : `{"stream":"${name}","data":${payload.slice(prefix.length)}`;
      return `{"stream":"${name}","data":${payload}}`;
    }
    return isEnvelope ? payload.slice(prefix.length, -1) : payload;
  }

  private sendText(conn: Connection, stream: string, text: string): void {
    if (conn.ws.readyState !== OPEN) return;
    conn.ws.send(text);
    this.sentCount++;
    this.sentByStream[stream] = (this.sentByStream[stream] ?? 0) + 1;
    if (this.keepFrames) this.frames.push(text);
  }

  private sendEntry(entry: PlayEntry, copies: number): void {
    if (entry.stream === '') return;
    const shiftMs = this.wallEventTimes && entry.eventTimeMs !== null ? Math.round(Date.now() - entry.raw.receiveTimeUs / 1000) : 0;
    for (const conn of this.connections) {
      for (const name of this.namesFor(conn, entry.stream)) {
        const text = this.frameText(entry, name, conn.combined, shiftMs);
        for (let i = 0; i < copies; i++) this.sendText(conn, name, text);
      }
    }
  }

  private sendMalformed(entry: PlayEntry, directive: MalformedDirective): void {
    for (const conn of this.connections) {
      for (const name of this.namesFor(conn, entry.stream)) {
        let text: string;
        if (directive.text !== undefined) text = directive.text;
        else if (directive.kind === 'badField') {
          const data = `{"e":"depthUpdate","U":"x"}`;
          text = conn.combined ? `{"stream":"${name}","data":${data}}` : data;
        } else {
          const full = this.frameText(entry, name, conn.combined);
          text = full.slice(0, Math.floor(full.length / 2));
        }
        this.sendText(conn, name, text);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // faults

  /** The next depth diff (of `symbol`) is played — the fake's book advances — but not sent: a real gap. */
  dropNextDiff(symbol?: string): void {
    this.dropQueue.push(normalizeSymbol(symbol));
  }

  /** The next depth diff frame (of `symbol`) is sent twice. */
  duplicateNextDiff(symbol?: string): void {
    this.duplicateQueue.push(normalizeSymbol(symbol));
  }

  /** The next two depth diff frames (of `symbol`) are sent in swapped order. */
  reorderNextDiffs(symbol?: string): void {
    this.reorderQueue.push(normalizeSymbol(symbol));
  }

  /**
   * Terminates matching WebSocket connections abruptly (no close frame): 'spot' (every connection of a spot
   * exchange), USD-M 'public' / 'market' paths, or 'all' (default). Clients are expected to reconnect.
   */
  disconnect(path: 'spot' | 'public' | 'market' | 'all' = 'all'): void {
    for (const conn of [...this.connections]) {
      if (path === 'all' || conn.kind === path) {
        this.connections.delete(conn);
        conn.ws.terminate();
      }
    }
  }

  /**
   * While true, every WebSocket upgrade is answered with HTTP 503 (an endpoint down for maintenance, or
   * refusing us); REST goes on. Attempts are counted in stats().
   */
  refuseConnections(refuse: boolean): void {
    this.refusing = refuse;
  }

  /**
   * No depth frames for `ms` of wall time. dropFrames true: the market clock keeps playing and the depth
   * frames of that time are lost (a gap; other streams go on). false (default): playback pauses for `ms`
   * and resumes where it was (pure silence on every stream).
   */
  stall(ms: number, options: { dropFrames?: boolean } = {}): void {
    const until = performance.now() + ms;
    if (options.dropFrames === true) {
      this.dropDepthUntilMs = Math.max(this.dropDepthUntilMs, until);
      return;
    }
    if (this.silent && until <= this.silentUntilMs) return; // within a longer stall already under way
    this.silent = true;
    this.silentUntilMs = until;
    const token = ++this.silenceToken;
    this.clearPlayTimer();
    this.later(ms, () => {
      if (token !== this.silenceToken) return; // a longer stall came later
      this.silent = false;
      this.reanchor();
      this.schedule();
    });
  }

  /**
   * The next `count` depth requests fail: 429/418 with Retry-After (default 1 s) and Binance's -1003 body,
   * 500/502/503 with a body, or 'timeout' (never answered; the socket is held until stop()).
   */
  failNextSnapshots(count: number, options: { status: SnapshotFailure; retryAfterSeconds?: number }): void {
    this.snapshotFailures =
      count > 0 ? { remaining: count, status: options.status, retryAfterSeconds: options.retryAfterSeconds ?? 1 } : null;
  }

  /** The next depth response is the recording's original snapshot (older than the diffs sent since). */
  staleNextSnapshot(): void {
    this.staleNext = true;
  }

  /**
   * One malformed text frame, sent just before the next depth diff (of `stream`, as subscribed or recorded)
   * to the connections subscribed to it. The diff itself follows unless `dropFrame`.
   */
  sendMalformedFrame(stream?: string, options: MalformedFrameOptions = {}): void {
    this.malformedQueue.push({ ...options, stream });
  }

  /** Sends {"e":"serverShutdown","E":<ms>} on every connection, then closes them (code 1001) after `afterMs`. */
  serverShutdown(afterMs = 50): void {
    const notice = JSON.stringify({ e: 'serverShutdown', E: this.serverTimeMs() });
    const targets = [...this.connections];
    for (const conn of targets) this.sendText(conn, 'serverShutdown', notice);
    this.later(afterMs, () => {
      for (const conn of targets) {
        if (conn.ws.readyState === OPEN) conn.ws.close(1001, 'server shutdown');
      }
    });
  }

  /** The open WebSocket connections: path kind, combined or raw, subscribed topics. */
  clients(): ClientInfo[] {
    return [...this.connections].map((c) => ({ id: c.id, kind: c.kind, combined: c.combined, topics: [...c.topics] }));
  }

  sent(): SentSummary {
    return { frames: this.sentCount, byStream: { ...this.sentByStream } };
  }

  /** Every market-data frame sent, in order (only with keepSentFrames: true; otherwise empty). */
  sentFrames(): string[] {
    return [...this.frames];
  }

  stats(): LoopbackStats {
    return {
      requests: { ...this.requestCounts },
      usedWeight1m: this.usedWeight,
      failedSnapshots: this.failedSnapshots,
      connectionsOpen: this.connections.size,
      connectionsTotal: this.connectionsTotal,
      connectionAttempts: this.connectionAttempts,
      connectionsRefused: this.connectionsRefused,
      controlMessages: this.controlMessages,
      played: this.cursor,
      total: this.entries.length,
      skipped: this.skippedCount,
      withheldDiffs: this.withheldDiffs,
      finished: this.done,
    };
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(timer);
  }

  private serverTimeMs(): number {
    if (this.serverTimeMode === 'wall' || this.marketTimeMs === null) return this.privateRef?.now() ?? Date.now();
    return this.marketTimeMs;
  }

  // ---------------------------------------------------------------------------------------------------
  // WebSocket

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const wss = this.wss;
    const wsApi = this.privateRef !== null && new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '') === WS_API_PATH;
    const route = wsApi ? { kind: 'spot' as const, combined: false, topics: [] } : routeUpgrade(this.product, req.url ?? '/');
    this.connectionAttempts++;
    if (this.refusing) this.connectionsRefused++;
    if (wss === null || this.stopped || this.refusing || isRouteError(route)) {
      const status = wss === null || this.stopped || this.refusing ? 503 : (route as { status: number }).status;
      const reason = this.refusing ? 'refusing connections (fault)' : isRouteError(route) ? route.reason : 'server stopped';
      const body = JSON.stringify({ code: -1, msg: reason });
      socket.on('error', () => undefined);
      const statusText = status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Bad Request';
      socket.end(
        `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const privateSide = this.privateRef;
    if (wsApi && privateSide !== null) {
      wss.handleUpgrade(req, socket, head, (ws) => (this.stopped ? ws.terminate() : privateSide.attachWsApi(ws)));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, route));
  }

  private onConnection(ws: WebSocket, route: WsRoute): void {
    if (this.stopped) {
      ws.terminate();
      return;
    }
    const conn: Connection = {
      id: this.nextConnectionId++,
      ws,
      kind: route.kind,
      combined: route.combined,
      topics: new Set(route.topics),
    };
    this.connections.add(conn);
    this.connectionsTotal++;
    ws.on('error', () => undefined);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.controlMessages++;
      if (isBinary) return;
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
      const outcome = handleControl(text, conn.kind, conn.topics, conn.combined);
      for (const topic of outcome.subscribe ?? []) conn.topics.add(topic);
      for (const topic of outcome.unsubscribe ?? []) conn.topics.delete(topic);
      if (outcome.setCombined !== undefined) conn.combined = outcome.setCombined;
      if (ws.readyState === OPEN) ws.send(outcome.reply);
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // REST

  private countWeight(weight: number): number {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute !== this.weightMinute) {
      this.weightMinute = minute;
      this.usedWeight = 0;
    }
    this.usedWeight += weight;
    return this.usedWeight;
  }

  private reply(res: ServerResponse, status: number, body: string, weight: number, headers: Record<string, string> = {}): void {
    const used = String(this.countWeight(weight));
    res.writeHead(status, {
      'Content-Type': JSON_TYPE,
      'Content-Length': String(Buffer.byteLength(body)),
      'x-mbx-used-weight': used,
      'x-mbx-used-weight-1m': used,
      ...headers,
    });
    res.end(body);
  }

  private error(res: ServerResponse, status: number, code: number, msg: string, weight = 1): void {
    this.reply(res, status, JSON.stringify({ code, msg }), weight);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' || req.method === 'HEAD') {
      this.route(req, res, url, '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.route(req, res, url, Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => res.destroy());
  }

  private route(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
    const prefix = this.product === 'spot' ? '/api/v3' : '/fapi/v1';
    const path = url.pathname;
    const apiKey = req.headers['x-mbx-apikey'];
    const setStatus = this.log.add({
      transport: 'rest',
      method: req.method ?? 'GET',
      path,
      signed: url.searchParams.has('signature') || /(^|&)signature=/.test(rawBody),
      apiKey: typeof apiKey === 'string' ? apiKey : null,
    });
    res.on('finish', () => setStatus(res.statusCode));
    if (this.privateRef !== null && this.privateRef.serves(path)) {
      this.requestCounts[path] = (this.requestCounts[path] ?? 0) + 1;
      this.privateRef.handleRest(req, res, url, rawBody);
      return;
    }
    const known = [`${prefix}/depth`, `${prefix}/exchangeInfo`, `${prefix}/time`, `${prefix}/ping`];
    const endpoint = req.method === 'GET' && known.includes(path) ? path : 'unknown';
    this.requestCounts[endpoint] = (this.requestCounts[endpoint] ?? 0) + 1;
    if (endpoint === 'unknown') {
      this.error(res, 404, -1, `Unknown endpoint: ${req.method ?? '?'} ${path}`);
      return;
    }
    switch (path.slice(prefix.length)) {
      case '/depth':
        this.onDepth(url, res);
        return;
      case '/exchangeInfo':
        this.onExchangeInfo(url, res);
        return;
      case '/time':
        this.reply(res, 200, JSON.stringify({ serverTime: this.serverTimeMs() }), 1);
        return;
      default:
        this.reply(res, 200, '{}', 1);
    }
  }

  private onDepth(url: URL, res: ServerResponse): void {
    const symbolParam = url.searchParams.get('symbol');
    if (symbolParam === null || symbolParam === '') {
      this.error(res, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
      return;
    }
    const state = this.symbols.get(symbolParam.toUpperCase());
    if (state === undefined) {
      this.error(res, 400, -1121, 'Invalid symbol.');
      return;
    }
    const limitParam = url.searchParams.get('limit');
    let limit: number;
    let weight: number;
    if (this.product === 'spot') {
      limit = limitParam === null ? 100 : Number(limitParam);
      if (!Number.isInteger(limit) || limit < 1) {
        this.error(res, 400, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
        return;
      }
      limit = Math.min(limit, SPOT_MAX_DEPTH);
      weight = spotDepthWeight(limit);
    } else {
      limit = limitParam === null ? 500 : Number(limitParam);
      if (!USDM_DEPTH_LIMITS.includes(limit)) {
        this.error(res, 400, -1130, "Data sent for parameter 'limit' is not valid.");
        return;
      }
      weight = usdmDepthWeight(limit);
    }

    const failure = this.snapshotFailures;
    if (failure !== null) {
      failure.remaining--;
      if (failure.remaining <= 0) this.snapshotFailures = null;
      this.failedSnapshots++;
      this.failSnapshot(res, failure.status, failure.retryAfterSeconds, weight);
      return;
    }
    const stale = this.staleNext;
    this.staleNext = false;
    this.reply(res, 200, JSON.stringify(this.depthBody(state, limit, stale)), weight);
  }

  private failSnapshot(res: ServerResponse, status: SnapshotFailure, retryAfterSeconds: number, weight: number): void {
    switch (status) {
      case 'timeout':
        this.countWeight(weight);
        this.heldResponses.add(res);
        res.on('close', () => this.heldResponses.delete(res));
        return;
      case 429:
        this.reply(
          res,
          429,
          JSON.stringify({
            code: -1003,
            msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.',
          }),
          weight,
          { 'Retry-After': String(retryAfterSeconds) },
        );
        return;
      case 418:
        this.reply(
          res,
          418,
          JSON.stringify({
            code: -1003,
            msg: `Too many requests; IP(127.0.0.1) banned until ${Date.now() + retryAfterSeconds * 1000}. Please use the websocket for live updates to avoid bans.`,
          }),
          weight,
          { 'Retry-After': String(retryAfterSeconds) },
        );
        return;
      case 500:
        this.error(res, 500, -1000, 'An unknown error occurred while processing the request.', weight);
        return;
      case 502: {
        const body = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(body)) });
        this.countWeight(weight);
        res.end(body);
        return;
      }
      case 503:
        this.error(res, 503, -1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.', weight);
        return;
    }
  }

  private depthBody(state: SymbolState, limit: number, stale: boolean): DepthBody {
    const snapshot = state.snapshot;
    const usdm = this.product === 'usdm';
    if (stale) {
      const bids = (snapshot.bids as WireLevel[]).slice(0, limit);
      const asks = (snapshot.asks as WireLevel[]).slice(0, limit);
      if (!usdm) return { lastUpdateId: snapshot.lastUpdateId, bids, asks };
      return {
        lastUpdateId: snapshot.lastUpdateId,
        E: snapshot.eventTimeMs ?? this.serverTimeMs(),
        T: snapshot.transactTimeMs ?? this.serverTimeMs(),
        bids,
        asks,
      };
    }
    const bids = state.book.bids.top(limit);
    const asks = state.book.asks.top(limit);
    if (!usdm) return { lastUpdateId: state.book.lastUpdateId, bids, asks };
    return {
      lastUpdateId: state.book.lastUpdateId,
      E: state.eventTimeMs ?? this.serverTimeMs(),
      T: state.transactTimeMs ?? this.serverTimeMs(),
      bids,
      asks,
    };
  }

  private onExchangeInfo(url: URL, res: ServerResponse): void {
    let selected = this.instruments;
    if (this.product === 'spot') {
      const symbol = url.searchParams.get('symbol');
      const symbols = url.searchParams.get('symbols');
      if (symbol !== null && symbols !== null) {
        this.error(res, 400, -1128, 'Combination of optional parameters invalid.', 20);
        return;
      }
      let wanted: string[] | null = null;
      if (symbol !== null) wanted = [symbol.toUpperCase()];
      else if (symbols !== null) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(symbols) as unknown;
        } catch {
          parsed = null;
        }
        if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) {
          this.error(res, 400, -1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.", 20);
          return;
        }
        wanted = (parsed as string[]).map((s) => s.toUpperCase());
      }
      if (wanted !== null) {
        const bySymbol = new Map(this.instruments.map((inst) => [inst.symbol, inst]));
        const missing = wanted.find((s) => !bySymbol.has(s));
        if (missing !== undefined) {
          this.error(res, 400, -1121, `Invalid symbol.`, 20);
          return;
        }
        selected = wanted.map((s) => bySymbol.get(s) as LoopbackInstrument);
      }
    }
    const body = exchangeInfoBody(this.product, selected, this.serverTimeMs());
    this.reply(res, 200, JSON.stringify(body), this.product === 'spot' ? 20 : 1);
  }
}

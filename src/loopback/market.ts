// loopback/market: a recording, read once and prepared for playback. Each WebSocket message is parsed
// once (stream, symbol, event type, update ids, exchange times, levels of depth diffs); its payload text
// is kept untouched, since that is what the fake sends. Each symbol's first REST snapshot initialises the
// fake's book, and playback of that symbol starts at the first diff that spans the snapshot (Binance's
// rule: spot U <= lastUpdateId+1 <= u, USD-M U <= lastUpdateId <= u); everything of the symbol before
// that point is skipped, as a client that had just fetched the snapshot would never see it.

import { InputError } from '../core/index.js';
import { symbolOfStream, type Product, type RawMessage } from '../model/index.js';
import type { WireLevels } from './book.js';

/** A recorded WebSocket message ready to be played. */
export interface PlayEntry {
  readonly raw: RawMessage;
  /** Stream name of the envelope ("btcusdt@depth@100ms"), or the RawMessage's stream. */
  readonly stream: string;
  /** Upper-case symbol ("BTCUSDT"), or "" when neither payload nor stream names one. */
  readonly symbol: string;
  /** Present for depth diffs only. */
  readonly diff: DiffFields | null;
  /** E, else T, in ms: the exchange time of the message, when it has one. */
  readonly eventTimeMs: number | null;
  /** T, else E, in ms. */
  readonly transactTimeMs: number | null;
}

export interface DiffFields {
  readonly firstUpdateId: number;
  readonly finalUpdateId: number;
  readonly bids: WireLevels;
  readonly asks: WireLevels;
}

/** A recorded REST depth snapshot, parsed. */
export interface RecordedSnapshot {
  readonly symbol: string;
  readonly lastUpdateId: number;
  readonly bids: WireLevels;
  readonly asks: WireLevels;
  /** USD-M only: E and T of the recorded response. */
  readonly eventTimeMs: number | null;
  readonly transactTimeMs: number | null;
  readonly payload: string;
}

export interface PreparedMarket {
  /** The messages to play, in recorded order (everything before each symbol's start point removed). */
  readonly entries: readonly PlayEntry[];
  readonly snapshots: ReadonlyMap<string, RecordedSnapshot>;
  /** Messages left out: before a symbol's start point, REST (beyond the first snapshot), lifecycle. */
  readonly skipped: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberField(obj: Record<string, unknown>, key: string): number | null {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseWsEntry(raw: RawMessage): PlayEntry {
  const parsed = parseJson(raw.payload);
  let stream = raw.stream;
  let data: Record<string, unknown> | null = null;
  if (isObject(parsed)) {
    if (typeof parsed['stream'] === 'string' && isObject(parsed['data'])) {
      stream = parsed['stream'];
      data = parsed['data'];
    } else {
      data = parsed;
    }
  }
  let symbol = symbolOfStream(stream) ?? '';
  let diff: DiffFields | null = null;
  let eventTimeMs: number | null = null;
  let transactTimeMs: number | null = null;
  if (data !== null) {
    if (typeof data['s'] === 'string' && data['s'] !== '') symbol = data['s'].toUpperCase();
    const e = numberField(data, 'E');
    const t = numberField(data, 'T');
    eventTimeMs = e ?? t;
    transactTimeMs = t ?? e;
    const first = numberField(data, 'U');
    const final = numberField(data, 'u');
    if (data['e'] === 'depthUpdate' && first !== null && final !== null) {
      diff = {
        firstUpdateId: first,
        finalUpdateId: final,
        bids: Array.isArray(data['b']) ? (data['b'] as unknown[]) : [],
        asks: Array.isArray(data['a']) ? (data['a'] as unknown[]) : [],
      };
    }
  }
  return { raw, stream, symbol, diff, eventTimeMs, transactTimeMs };
}

function parseSnapshot(raw: RawMessage): RecordedSnapshot | null {
  const symbol = symbolOfStream(raw.stream);
  const parsed = parseJson(raw.payload);
  if (symbol === null || !isObject(parsed)) return null;
  const lastUpdateId = numberField(parsed, 'lastUpdateId');
  if (lastUpdateId === null || !Array.isArray(parsed['bids']) || !Array.isArray(parsed['asks'])) return null;
  return {
    symbol,
    lastUpdateId,
    bids: parsed['bids'] as unknown[],
    asks: parsed['asks'] as unknown[],
    eventTimeMs: numberField(parsed, 'E'),
    transactTimeMs: numberField(parsed, 'T'),
    payload: raw.payload,
  };
}

/** Does this diff span the snapshot, i.e. is it the first a client applies after that snapshot? */
export function spansSnapshot(product: Product, diff: DiffFields, lastUpdateId: number): boolean {
  const target = product === 'spot' ? lastUpdateId + 1 : lastUpdateId;
  return diff.firstUpdateId <= target && target <= diff.finalUpdateId;
}

/**
 * Parses a recording for playback. Throws InputError when a symbol has depth diffs but no snapshot, or
 * when no recorded diff spans its snapshot (the recording cannot be served as a consistent market).
 */
export function prepareMarket(product: Product, messages: readonly RawMessage[]): PreparedMarket {
  const snapshots = new Map<string, RecordedSnapshot>();
  const parsed: PlayEntry[] = [];
  let skipped = 0;
  for (const raw of messages) {
    if (raw.kind === 'rest') {
      const snapshot = parseSnapshot(raw);
      if (snapshot !== null && !snapshots.has(snapshot.symbol)) snapshots.set(snapshot.symbol, snapshot);
      else skipped++;
    } else if (raw.kind === 'ws') {
      parsed.push(parseWsEntry(raw));
    } else {
      skipped++;
    }
  }

  // Index of each symbol's first played message: the diff spanning its snapshot.
  const startIndex = new Map<string, number>();
  const symbolsWithDiffs = new Set<string>();
  for (let i = 0; i < parsed.length; i++) {
    const entry = parsed[i] as PlayEntry;
    if (entry.diff === null) continue;
    symbolsWithDiffs.add(entry.symbol);
    const snapshot = snapshots.get(entry.symbol);
    if (snapshot === undefined || startIndex.has(entry.symbol)) continue;
    if (entry.diff.finalUpdateId < (product === 'spot' ? snapshot.lastUpdateId + 1 : snapshot.lastUpdateId)) continue;
    if (!spansSnapshot(product, entry.diff, snapshot.lastUpdateId)) {
      throw new InputError(
        `loopback: no recorded ${entry.symbol} depth diff spans the snapshot's lastUpdateId ${snapshot.lastUpdateId} ` +
          `(the first later diff is U=${entry.diff.firstUpdateId} u=${entry.diff.finalUpdateId})`,
      );
    }
    startIndex.set(entry.symbol, i);
  }
  for (const symbol of symbolsWithDiffs) {
    if (!snapshots.has(symbol)) {
      throw new InputError(`loopback: the recording has ${symbol} depth diffs but no REST depth snapshot for it`);
    }
    if (!startIndex.has(symbol)) {
      const snapshot = snapshots.get(symbol) as RecordedSnapshot;
      throw new InputError(
        `loopback: every recorded ${symbol} depth diff is older than the snapshot (lastUpdateId ${snapshot.lastUpdateId})`,
      );
    }
  }

  const entries: PlayEntry[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const entry = parsed[i] as PlayEntry;
    const start = startIndex.get(entry.symbol);
    if (start !== undefined && i < start) skipped++;
    else entries.push(entry);
  }
  return { entries, snapshots, skipped };
}

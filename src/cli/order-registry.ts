// cli/order-registry: `flowdesk trade`'s order-context registry, DIR/orders.jsonl in the state directory —
// one JSON line per order sent to a Binance venue: its client order id, the decision (id, reason, score,
// alpha, cost), the intent (symbol, side, type, price, qty) and where it went (session, mode, venue). A line
// is appended and fsynced BEFORE the order is sent, so a crash after sending still knows the order, and a
// restart tells our orders from the operator's. Loading: a truncated last line (a crash mid-write) is
// dropped with a warning and cut from the file; any other bad line is one error naming file:line, and
// nothing is changed. A line that cannot be written (a full disk) is an error: the caller stops the session.

import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXECUTION_MODES, type ExecutionMode } from '../config/index.js';
import { UsageError, isStateError } from '../core/index.js';
import { ORDER_TYPES, StateFields, isClientOrderId, type OrderSide, type OrderType } from '../model/index.js';
import { ORDERS_FILE } from './paper-state.js';

/** One order as the registry keeps it. */
export interface OrderContext {
  readonly clientOrderId: string;
  readonly decisionId: string;
  /** The session that sent it (sessions/NNNN). */
  readonly session: number;
  readonly mode: ExecutionMode;
  /** Where it went ("demo", "testnet", "production"). */
  readonly venue: string;
  /** The run's time when it was sent, µs. */
  readonly timeUs: number;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Price and qty as sent: plain decimal strings (trailing zeros allowed). */
  readonly price: string;
  readonly qty: string;
  /** The decision's reason. */
  readonly reason: string;
  readonly score: number | null;
  readonly alphaBps: number | null;
  readonly costBps: number | null;
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** `value` as an OrderContext; throws a StateError naming the first bad field. */
function readEntry(value: unknown): OrderContext {
  const f = StateFields.of('order registry', value);
  const plain = (key: string): string => {
    const text = f.string(key);
    if (!PLAIN_DECIMAL.test(text)) f.fail(key, `must be a plain decimal string, got ${JSON.stringify(text)}`);
    return text;
  };
  const entry: OrderContext = {
    clientOrderId: f.string('clientOrderId'),
    decisionId: f.string('decisionId'),
    session: f.integer('session', 1),
    mode: f.oneOf('mode', EXECUTION_MODES),
    venue: f.string('venue'),
    timeUs: f.integer('timeUs', Number.NEGATIVE_INFINITY),
    symbol: f.string('symbol'),
    side: f.oneOf('side', ['buy', 'sell'] as const),
    type: f.oneOf('type', ORDER_TYPES),
    price: plain('price'),
    qty: plain('qty'),
    reason: f.string('reason'),
    score: f.nullableNumber('score'),
    alphaBps: f.nullableNumber('alphaBps'),
    costBps: f.nullableNumber('costBps'),
  };
  f.end();
  if (!isClientOrderId(entry.clientOrderId)) f.fail('clientOrderId', `must be 1–36 of [a-zA-Z0-9-_], got ${JSON.stringify(entry.clientOrderId)}`);
  for (const key of ['decisionId', 'venue', 'symbol'] as const) if (entry[key] === '') f.fail(key, 'must not be empty');
  return entry;
}

/** `value` as an entry (its fields in their order), or what is wrong with it (one line). */
function parseEntry(value: unknown): OrderContext | string {
  try {
    return readEntry(value);
  } catch (error) {
    if (isStateError(error)) return error.message;
    throw error;
  }
}

export interface OrderRegistryOptions {
  /** A truncated last line was dropped (one line for the operator). */
  readonly warn?: (message: string) => void;
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export class OrderRegistry {
  private readonly byId = new Map<string, OrderContext>();
  private fd: number | null = null;
  private failed: string | null = null;

  private constructor(readonly path: string) {}

  /**
   * The registry of the state directory `dir`, its lines loaded (none when the file does not exist yet).
   * Throws a UsageError naming file:line for a bad line, or the file when it cannot be read.
   */
  static open(dir: string, options: OrderRegistryOptions = {}): OrderRegistry {
    const registry = new OrderRegistry(join(dir, ORDERS_FILE));
    registry.load(options.warn ?? (() => undefined));
    return registry;
  }

  private load(warn: (message: string) => void): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return;
      throw new UsageError(`trade: cannot read ${this.path}: ${codeOf(error)}`);
    }
    const lines = bytes.toString('utf8').split('\n');
    const unterminated = lines.pop() ?? '';
    const loaded: OrderContext[] = [];
    const seen = new Set<string>();
    /** Takes one line; what is wrong with it, or null. */
    const take = (line: string): string | null => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return 'not JSON';
      }
      const entry = parseEntry(value);
      if (typeof entry === 'string') return entry;
      if (seen.has(entry.clientOrderId)) return `${entry.clientOrderId} is registered twice`;
      seen.add(entry.clientOrderId);
      loaded.push(entry);
      return null;
    };
    lines.forEach((line, i) => {
      const problem = take(line);
      if (problem !== null) throw new UsageError(`trade: ${this.path}:${i + 1} is not an order of the registry (${problem}); nothing was changed`);
    });
    let cut: number | null = null;
    if (unterminated !== '') {
      // The last write did not end: a whole line without its newline is kept (and ended), a part is cut.
      const problem = take(unterminated);
      if (problem !== null) {
        cut = bytes.lastIndexOf(0x0a) + 1; // the bytes of the whole lines
        warn(`trade: ${this.path}:${lines.length + 1} was cut short (a crash while it was written): dropped`);
      }
    }
    for (const entry of loaded) this.byId.set(entry.clientOrderId, entry);
    if (cut !== null) this.withFile((fd) => ftruncateSync(fd, cut));
    else if (unterminated !== '') this.append('\n');
  }

  /**
   * Registers an order before it is sent: its line is written and fsynced when this returns. Throws for an
   * id already registered, a malformed entry, or a line that cannot be written (every later call throws too).
   */
  record(entry: OrderContext): void {
    if (this.failed !== null) throw new Error(`cannot write ${this.path}: ${this.failed}`);
    const read = parseEntry(entry);
    if (typeof read === 'string') throw new RangeError(read);
    if (this.byId.has(read.clientOrderId)) throw new RangeError(`order registry: ${read.clientOrderId} is already registered`);
    this.append(`${JSON.stringify(read)}\n`);
    this.byId.set(read.clientOrderId, read);
  }

  get(clientOrderId: string): OrderContext | undefined {
    return this.byId.get(clientOrderId);
  }

  has(clientOrderId: string): boolean {
    return this.byId.has(clientOrderId);
  }

  /** True when the order is ours: registered by a session of this state directory. */
  ours(clientOrderId: string): boolean {
    return this.byId.has(clientOrderId);
  }

  /** Every order registered, in the order they were written. */
  entries(): readonly OrderContext[] {
    return [...this.byId.values()];
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  /** Writes `text` at the end of the file (opened on the first write) and fsyncs it. */
  private append(text: string): void {
    this.withFile((fd) => {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    });
  }

  private withFile(action: (fd: number) => void): void {
    try {
      if (this.fd === null) {
        this.fd = openSync(this.path, 'a');
        syncDirectory(dirname(this.path)); // the file's entry survives a crash too
      }
      action(this.fd);
    } catch (error) {
      this.failed = codeOf(error);
      throw new Error(`cannot write ${this.path}: ${this.failed}`);
    }
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// cli/paper-state: the state directory of `flowdesk paper` (docs/PAPER.md) — what may be in it, the next
// session's number, and state.json: its format, its reading (a foreign or damaged state is one UsageError
// line, and nothing in the directory is touched) and its atomic writing (state.json.tmp, fsync, rename,
// fsync of the directory: a crash leaves the old snapshot or the new one, never half of one).
//
// DIR/.flowdesk.lock  DIR/state.json  DIR/kill  DIR/orders.jsonl (trade)  DIR/sessions/NNNN/{journal.jsonl,market/}

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EXECUTION_MODES, type ExecutionMode, type StrategyConfig } from '../config/index.js';
import { UsageError, isInputError } from '../core/index.js';
import { TradingLog, type Product } from '../model/index.js';
import { readTradingJournal } from '../recording/index.js';
import { LOCK_FILE } from './output-lock.js';

export const STATE_FORMAT = 'flowdesk-paper-state';
export const STATE_VERSION = 1;
export const STATE_FILE = 'state.json';
export const KILL_FILE = 'kill';
export const SESSIONS_DIR = 'sessions';
export const JOURNAL_FILE = 'journal.jsonl';
/** `flowdesk trade`'s order-context registry (cli/order-registry). */
export const ORDERS_FILE = 'orders.jsonl';
const TMP_FILE = `${STATE_FILE}.tmp`;
/** Everything a paper state directory may hold at its top. */
const KNOWN = new Set([LOCK_FILE, STATE_FILE, TMP_FILE, KILL_FILE, SESSIONS_DIR, ORDERS_FILE]);
const SESSION_NAME = /^\d{4,}$/;

/** The operator's switches, as a snapshot keeps them. */
export interface TradingSwitches {
  readonly killReason: string | null;
  readonly paused: boolean;
}

/** state.json: the latest snapshot of a paper state. Component states are the components' own (JSON-able). */
export interface PaperStateFile {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  /** The session that wrote it (sessions/NNNN). */
  readonly session: number;
  readonly product: Product;
  /** The symbols traded, in order. */
  readonly symbolList: readonly string[];
  /** The events in that session's journal when it was written, and their digest (recording/trading-journal). */
  readonly journalSeq: number;
  readonly journalDigest: string;
  /** The run's time (the last market event's), µs. */
  readonly timeUs: number;
  /** SHA-256 of the strategy configuration the session ran. */
  readonly configDigest: string;
  readonly trading: TradingSwitches;
  /** Per symbol: the risk book's state and the decisions numbered so far (decision ids go on from there). */
  readonly symbols: Readonly<Record<string, { readonly risk: unknown; readonly decisions: number }>>;
  /** SimAccount, OrderManager and SimulatedExchange states; null where the component cannot export one. */
  readonly account: unknown;
  readonly orders: unknown;
  readonly venue: unknown;
  /** For the operator reading the file: each symbol's position and P&L (not read back: the components are). */
  readonly positions: unknown;
  /**
   * Where the orders went when not to the simulated exchange (`flowdesk trade` at Binance): the mode, the
   * venue, and the baseline of the account's holdings (null before the first read). Absent: the simulator.
   */
  readonly execution?: ExecutionState;
}

/** state.json's `execution`: a session at Binance. */
export interface ExecutionState {
  readonly mode: ExecutionMode;
  readonly venue: string;
  /** Per base asset: what the account held apart from the strategy's position; null before the first read. */
  readonly baseline: Readonly<Record<string, string>> | null;
}

/** Where a state's orders went, in words ("the simulated exchange", "EXECUTION_MODE=DEMO (Binance demo)"). */
export function executionWords(execution: ExecutionState | undefined): string {
  return execution === undefined ? 'the simulated exchange' : `EXECUTION_MODE=${execution.mode} (Binance ${execution.venue})`;
}

/** What the directory holds: nothing yet (a new state), or a state to resume. */
export interface StateDirectory {
  readonly dir: string;
  /** null: a new state. */
  readonly state: PaperStateFile | null;
  /** The number the next session takes (after every session directory present and the state's own). */
  readonly nextSession: number;
}

/** SHA-256 of a strategy configuration (state.json's configDigest). */
export function configDigest(config: StrategyConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

export function sessionDir(dir: string, session: number): string {
  return join(dir, SESSIONS_DIR, String(session).padStart(4, '0'));
}

const foreign = (dir: string, what: string): UsageError =>
  new UsageError(`paper: ${dir} is not a flowdesk paper state (${what}); choose another --state, or an empty or new directory`);

/**
 * Reads DIR as a paper state without writing anything: absent or empty is a new state; anything it does not
 * know, a state.json that is not a whole paper state of this version, or sessions without a state.json is
 * a UsageError (one line).
 */
export function inspectStateDirectory(dir: string): StateDirectory {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw foreign(dir, 'it is a file');
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { dir, state: null, nextSession: 1 };
    throw new UsageError(`paper: cannot read the state directory ${dir}: ${code ?? (error as Error).message}`);
  }
  const stranger = entries.filter((name) => !KNOWN.has(name)).sort()[0];
  if (stranger !== undefined) throw foreign(dir, `it holds ${stranger}`);
  let highest = 0;
  if (entries.includes(SESSIONS_DIR)) {
    const sessions = join(dir, SESSIONS_DIR);
    let names: string[];
    try {
      names = readdirSync(sessions);
    } catch (error) {
      throw foreign(dir, `${SESSIONS_DIR} is not a directory of sessions: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    for (const name of names.sort()) {
      if (!SESSION_NAME.test(name) || !statSync(join(sessions, name)).isDirectory()) throw foreign(dir, `${SESSIONS_DIR}/${name} is not a session`);
      highest = Math.max(highest, Number(name));
    }
  }
  if (!entries.includes(STATE_FILE)) {
    if (highest > 0) throw foreign(dir, `it has sessions but no ${STATE_FILE}`);
    return { dir, state: null, nextSession: 1 };
  }
  const state = readStateFile(join(dir, STATE_FILE));
  return { dir, state, nextSession: Math.max(highest, state.session) + 1 };
}

/** Reads and checks state.json (its own fields; the components check theirs when they restore). */
export function readStateFile(path: string): PaperStateFile {
  const bad = (what: string): UsageError => new UsageError(`paper: ${path} is not a flowdesk paper state (${what}); nothing was changed`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw bad(`cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a JSON object');
  const v = value as Record<string, unknown>;
  if (v['format'] !== STATE_FORMAT) throw bad(`no "format":"${STATE_FORMAT}"`);
  if (v['version'] !== STATE_VERSION) {
    throw new UsageError(`paper: ${path} is version ${JSON.stringify(v['version'])} of the paper state; this flowdesk reads version ${STATE_VERSION}; nothing was changed`);
  }
  const wholeNumber = (key: string, min: number): number => {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw bad(`"${key}" must be a whole number from ${min}`);
    return n;
  };
  wholeNumber('session', 1);
  wholeNumber('journalSeq', 0);
  wholeNumber('timeUs', 0);
  if (v['product'] !== 'spot' && v['product'] !== 'usdm') throw bad('"product" must be spot or usdm');
  for (const key of ['journalDigest', 'configDigest']) if (typeof v[key] !== 'string') throw bad(`"${key}" must be a string`);
  const list = v['symbolList'];
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string')) throw bad('"symbolList" must list the symbols');
  const trading = v['trading'] as Record<string, unknown> | null | undefined;
  if (typeof trading !== 'object' || trading === null || (trading['killReason'] !== null && typeof trading['killReason'] !== 'string') || typeof trading['paused'] !== 'boolean') {
    throw bad('"trading" must hold killReason (a string or null) and paused (true or false)');
  }
  const symbols = v['symbols'];
  if (typeof symbols !== 'object' || symbols === null || Array.isArray(symbols)) throw bad('"symbols" must be an object');
  for (const [symbol, s] of Object.entries(symbols as Record<string, unknown>)) {
    const decisions = (s as Record<string, unknown> | null)?.['decisions'];
    if (typeof decisions !== 'number' || !Number.isSafeInteger(decisions) || decisions < 0) throw bad(`"symbols.${symbol}.decisions" must be a whole number`);
  }
  const execution = v['execution'];
  if (execution !== undefined) {
    const e = execution as Record<string, unknown> | null;
    const baseline = e?.['baseline'];
    const decimals = (b: unknown): boolean => typeof b === 'object' && b !== null && !Array.isArray(b) && Object.values(b).every((x) => typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x));
    if (e === null || typeof e !== 'object' || !(EXECUTION_MODES as readonly unknown[]).includes(e['mode']) || typeof e['venue'] !== 'string' || (baseline !== null && !decimals(baseline))) {
      throw bad('"execution" must hold mode (an EXECUTION_MODE), venue (a string) and baseline (decimal strings by asset, or null)');
    }
  }
  return value as PaperStateFile;
}

/**
 * Writes state.json atomically: the text to state.json.tmp, fsync, rename over state.json, fsync of the
 * directory. Throws the file system's error (state.json.tmp removed, state.json as it was).
 */
export function writeStateFile(dir: string, state: PaperStateFile): void {
  const tmp = join(dir, TMP_FILE);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = Buffer.from(`${JSON.stringify(state)}\n`, 'utf8');
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, STATE_FILE));
  } catch (error) {
    rmSync(tmp, { force: true }); // the old snapshot stays as it was
    throw error;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * Reads the journal of the session that wrote the state (a last line cut off by a crash is dropped with a
 * warning) and says, in a warning, where it and state.json part: events journaled after the last snapshot (a
 * session that ended without its final snapshot: they are not in the recovered state), or a journal that does
 * not hold the events the snapshot counted. The state is recovered from state.json either way.
 */
export async function checkJournal(dir: string, state: PaperStateFile, warn: (message: string) => void): Promise<void> {
  const path = join(sessionDir(dir, state.session), JOURNAL_FILE);
  let contents;
  try {
    contents = await readTradingJournal(path, warn);
  } catch (error) {
    if (!isInputError(error)) throw error;
    warn(`paper: cannot read the journal of session ${state.session} (${error.message}); the state is recovered from ${STATE_FILE}`);
    return;
  }
  const log = TradingLog.fromHeader(contents.header);
  const counted = contents.events.slice(0, state.journalSeq);
  if (typeof log !== 'string') for (const event of counted) log.append(event);
  if (counted.length < state.journalSeq || typeof log === 'string' || log.digest() !== state.journalDigest) {
    warn(`paper: ${path} does not hold the ${state.journalSeq} events ${STATE_FILE} counted (it holds ${contents.events.length}, or others); the state is recovered from ${STATE_FILE}`);
    return;
  }
  const after = contents.events.length - state.journalSeq;
  if (after > 0) {
    warn(`paper: session ${state.session} ended without its last snapshot (${after} journal event${after === 1 ? '' : 's'} after it are not in the recovered state)`);
  }
}

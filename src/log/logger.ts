// createLogger: structured JSON-lines logging (pino) to a file or stderr, with secrets scrubbed twice over
// (key-name redaction and value scrubbing of the final serialized line). It must never write to stdout
// (the terminal UI and `--report json` own it) and must never let a configured secret value through.
import { existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** pino level name: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  /** Append JSON lines to this file (parent directories are created); null/undefined = stderr. */
  file?: string | null;
  /** Secret values to scrub from every line; strings shorter than MIN_SECRET_LENGTH are ignored. */
  secrets?: readonly string[];
  /** Overrides `file`: a stream (tests capture with one) or a file descriptor other than 1. */
  destination?: NodeJS.WritableStream | number;
  name?: string;
}

/** The log file cannot be opened for appending (a directory, a path under a file, a read-only place). */
export class LogFileError extends Error {
  override readonly name = 'LogFileError';
}

export function isLogFileError(value: unknown): value is LogFileError {
  return value instanceof LogFileError;
}

export const REDACTED = '[redacted]';
/** Shorter values would redact innocent text everywhere, so they are not scrubbed by value. */
export const MIN_SECRET_LENGTH = 4;

const SECRET_KEYS = [
  'apiKey',
  'apiSecret',
  'secret',
  'password',
  'signature',
  'listenKey',
  'binanceApiKey',
  'binanceApiSecret',
  'binanceDemoApiKey',
  'binanceDemoApiSecret',
  'binanceTestnetApiKey',
  'binanceTestnetApiSecret',
] as const;

/** Key-name redaction paths: each secret key at the top level and one and two levels deep. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'headers["X-MBX-APIKEY"]',
  '*.headers["X-MBX-APIKEY"]',
]);

export function createLogger(options: CreateLoggerOptions): Logger {
  // Checked before any file is opened (pino would throw only after).
  if (options.level !== 'silent' && !Object.hasOwn(pino.levels.values, options.level)) {
    throw new Error(`createLogger: unknown level ${JSON.stringify(options.level)}`);
  }
  const target = openDestination(options);
  const scrubber = buildScrubber(options.secrets ?? []);
  const stream = scrubber === null ? target : new ScrubbingStream(target, scrubber);
  return pino(
    {
      level: options.level,
      ...(options.name === undefined ? {} : { name: options.name }),
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    stream,
  );
}

/** A logger that writes nothing: for tests and as a library default. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent', enabled: false }, { write: () => undefined });
}

function openDestination(options: CreateLoggerOptions): DestinationStream {
  const { destination, file } = options;
  if (typeof destination === 'number') {
    // fd 1 is stdout, and pino.destination maps fd 0 to stdout too.
    if (!Number.isInteger(destination) || destination < 2) {
      throw new Error(`createLogger: file descriptor ${destination} is not allowed (stdout is reserved for the UI)`);
    }
    return pino.destination({ dest: destination, sync: true });
  }
  if (destination === process.stdout) {
    throw new Error('createLogger: stdout is reserved for the UI and reports');
  }
  if (destination !== undefined) return destination as DestinationStream;
  if (file !== undefined && file !== null && file !== '') {
    // Opened here, synchronously: a path that cannot be written is an error before any work (the stream
    // would otherwise fail later, as an unhandled 'error' event, or never).
    return pino.destination({ dest: openLogFile(file), sync: false });
  }
  // stderr is written synchronously so that lines logged just before an exit are not lost.
  return pino.destination({ dest: 2, sync: true });
}

/** Creates the parent directories and opens `file` for appending; a LogFileError says why it cannot be. */
function openLogFile(file: string): number {
  try {
    makeDirectories(path.dirname(file));
    return openSync(file, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EISDIR' ? 'it is a directory'
      : code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of its path is a file, not a directory'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied'
      : code === 'ENOENT' ? 'its directory cannot be created'
      : (error as Error).message;
    throw new LogFileError(`${file} cannot be opened for appending (${reason})`, { cause: error });
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdirSync never returns for a path under /proc/self
 * (mkdir says ENOENT though the parent exists, and it retries the parent forever).
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const each of missing.reverse()) mkdirSync(each);
}

type Scrub = (text: string) => string;

/** Forwards whole serialized lines (pino writes one per call) after scrubbing secret values. */
class ScrubbingStream implements DestinationStream {
  constructor(
    private readonly target: DestinationStream,
    private readonly scrub: Scrub,
  ) {}

  write(line: string): void {
    this.target.write(this.scrub(line));
  }

  flush(cb?: (err?: Error) => void): void {
    const target = this.target as DestinationStream & { flush?: (cb?: (err?: Error) => void) => void };
    if (typeof target.flush === 'function') target.flush(cb);
    else cb?.();
  }

  flushSync(): void {
    const target = this.target as DestinationStream & { flushSync?: () => void };
    target.flushSync?.();
  }

  end(): void {
    const target = this.target as DestinationStream & { end?: () => void };
    target.end?.();
  }
}

/**
 * Builds a scrubber for a serialized JSON line, or null when there is nothing to scrub.
 *
 * Each JSON string token of the line is decoded, every occurrence of a secret is replaced (raw, URL-encoded,
 * and JSON-escaped once or twice, for JSON documents embedded in string fields), and the token is
 * re-encoded; a number token containing a secret becomes the string "[redacted]". Working on decoded
 * tokens keeps the line valid JSON whatever characters a secret contains. A cheap pre-check on the
 * encoded line skips lines that cannot contain a secret.
 */
export function buildScrubber(secrets: readonly string[]): Scrub | null {
  const values = [...new Set(secrets)].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  if (values.length === 0) return null;

  const literal = new Set<string>();
  const escaped = new Set<string>();
  for (const value of values) {
    literal.add(value).add(safeEncodeURIComponent(value));
    const once = jsonInner(value);
    for (const variant of [once, jsonInner(once)]) if (!literal.has(variant)) escaped.add(variant);
  }
  // Escaped forms only count where an escape sequence can start (after an even run of backslashes), so that
  // redacting them leaves embedded JSON text valid; literal occurrences are always redacted.
  const inDecoded = alternation([...literal], [...escaped]);
  // How each variant can appear in the encoded line (inside a JSON string token, or as number digits).
  const all = [...literal, ...escaped];
  const inEncoded = alternation([...all, ...all.map(jsonInner)]);
  const redactedToken = JSON.stringify(REDACTED);

  const scrubToken = (token: string): string => {
    if (!token.startsWith('"')) return contains(inDecoded, token) ? redactedToken : token;
    let decoded: unknown;
    try {
      decoded = JSON.parse(token);
    } catch {
      return token.replace(inEncoded, REDACTED); // not produced by pino; scrub textually
    }
    if (typeof decoded !== 'string' || !contains(inDecoded, decoded)) return token;
    return JSON.stringify(decoded.replace(inDecoded, REDACTED));
  };

  return (line) => (contains(inEncoded, line) ? line.replace(JSON_TOKEN, scrubToken) : line);
}

/** JSON string tokens (quote, characters or escape sequences, quote) and number tokens, left to right. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g;

function contains(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/** The text of a string inside JSON quotes. */
function jsonInner(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function safeEncodeURIComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // lone surrogates cannot be URL-encoded
  }
}

/** One global regex matching any of the strings, longest first so that a longer secret wins. */
function alternation(literals: readonly string[], aligned: readonly string[] = []): RegExp {
  const afterEvenBackslashes = '(?<=(?:^|[^\\\\])(?:\\\\\\\\)*)';
  const alternatives = [
    ...literals.map((text) => ({ text, source: escapeRegExp(text) })),
    ...aligned.map((text) => ({ text, source: afterEvenBackslashes + escapeRegExp(text) })),
  ].sort((a, b) => b.text.length - a.text.length);
  return new RegExp([...new Set(alternatives.map((a) => a.source))].join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

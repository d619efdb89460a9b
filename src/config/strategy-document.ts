// config/strategy-document: from a strategy file's parsed JSON and `--set path=value` overrides to a
// validated StrategyConfig. `--set key=value` (a dotted path of the top level, e.g. fees.makerBps=0.1)
// applies to every symbol: it sets the top level and replaces that key in every per-symbol override;
// `--set symbols.BTCUSDT.key=value` sets one symbol's override. A value is JSON when it reads as JSON (0.1,
// true, [1,0.5], "text"), else the text itself (alpha.source=model.json). Paths are checked against the
// schema's fields before anything is validated; every problem is one UsageError naming the path and where it
// came from (the file, or the --set). No I/O.
import type { z } from 'zod';
import { UsageError } from '../core/index.js';
import { DEFAULT_STRATEGY_PARAMS, isStrategySymbol, strategyParamsSchema, type StrategyConfig, type StrategyParams } from './strategy.js';

type Json = Record<string, unknown>;

/** Fields whose value is a whole object of free keys (asset → amount): set as one JSON value. */
const OBJECT_FIELDS: readonly string[] = ['initialBalances'];

/** Every leaf path of the parameters ("fees.makerBps", "baseline.mlofiLevelWeights"), in schema order. */
export const STRATEGY_PATHS: readonly string[] = leafPaths(DEFAULT_STRATEGY_PARAMS as unknown as Json, '');

function leafPaths(value: Json, prefix: string): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && !OBJECT_FIELDS.includes(`${prefix}${key}`) ? leafPaths(v as Json, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function copy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** One `path=value` override, split and read. */
export interface StrategySetting {
  /** The dotted path as given. */
  readonly path: string;
  /** null: every symbol; else the symbol of `symbols.<SYMBOL>.<key>`. */
  readonly symbol: string | null;
  /** The parameter's path ("fees.makerBps"). */
  readonly key: string;
  readonly value: unknown;
  /** The override as typed, for messages. */
  readonly text: string;
}

/** Reads `path=value`; a UsageError for a missing `=`, an unknown path or a bad symbol name. */
export function parseStrategySetting(text: string): StrategySetting {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`strategy config (--set ${text}): expected PATH=VALUE (e.g. fees.makerBps=0.1)`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  let symbol: string | null = null;
  let key = path;
  if (path.startsWith('symbols.')) {
    const rest = path.slice('symbols.'.length);
    const dot = rest.indexOf('.');
    symbol = dot < 0 ? rest : rest.slice(0, dot);
    key = dot < 0 ? '' : rest.slice(dot + 1);
    if (!isStrategySymbol(symbol)) fail(`--set ${text}`, `symbols.${symbol}`, 'is not a symbol name (upper-case letters and digits, e.g. BTCUSDT)');
  }
  if (!STRATEGY_PATHS.includes(key)) {
    fail(`--set ${text}`, path, `is not a field${hint(key)} (flowdesk strategy --defaults lists every field)`);
  }
  return { path, symbol, key, value: jsonOrText(raw), text };
}

function hint(key: string): string {
  const near = STRATEGY_PATHS.find((p) => p.toLowerCase() === key.toLowerCase() || p.endsWith(`.${key}`));
  return near === undefined ? '' : `; did you mean ${near}?`;
}

function jsonOrText(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function setPath(target: Json, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Json;
  }
  node[parts[parts.length - 1] as string] = copy(value);
}

function hasPath(target: Json, key: string): boolean {
  let node: unknown = target;
  for (const part of key.split('.')) {
    if (!isObject(node) || !Object.hasOwn(node, part)) return false;
    node = node[part];
  }
  return true;
}

/** `base` with `over` laid on it, object by object (arrays and values replace). */
function overlay(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return copy(over);
  const out: Json = { ...(copy(base) as Json) };
  for (const [k, v] of Object.entries(over)) out[k] = Object.hasOwn(out, k) ? overlay(out[k], v) : copy(v);
  return out;
}

/**
 * The configuration of a parsed strategy file (`document`; `undefined` for no file: every default) with the
 * overrides applied in order. `source` names the file in messages. Throws a UsageError naming the first bad
 * path: an unknown field, a value out of range, a symbol name that is not one.
 */
export function resolveStrategy(document: unknown, settings: readonly StrategySetting[], source: string): StrategyConfig {
  const doc: Json = document === undefined ? {} : isObject(document) ? (copy(document) as Json) : fail(source, '', 'the file must hold a JSON object');
  const symbolsDoc = doc['symbols'] === undefined ? {} : isObject(doc['symbols']) ? doc['symbols'] : fail(source, 'symbols', 'must be an object of symbol → overrides');
  delete doc['symbols'];
  const origin = new Map<string, string>(); // full dotted path → the --set that wrote it
  for (const s of settings) {
    if (s.symbol === null) {
      setPath(doc, s.key, s.value);
      origin.set(s.key, `--set ${s.text}`);
      for (const [symbol, over] of Object.entries(symbolsDoc)) {
        if (isObject(over) && hasPath(over, s.key)) {
          setPath(over, s.key, s.value);
          origin.set(`symbols.${symbol}.${s.key}`, `--set ${s.text}`);
        }
      }
    } else {
      if (!isObject(symbolsDoc[s.symbol])) symbolsDoc[s.symbol] = {};
      setPath(symbolsDoc[s.symbol] as Json, s.key, s.value);
      origin.set(`symbols.${s.symbol}.${s.key}`, `--set ${s.text}`);
    }
  }
  const defaults = validate(doc, '', source, origin);
  const symbols: Record<string, StrategyParams> = {};
  for (const symbol of Object.keys(symbolsDoc).sort()) {
    if (!isStrategySymbol(symbol)) fail(source, `symbols.${symbol}`, 'is not a symbol name (upper-case letters and digits, e.g. BTCUSDT)');
    const over = symbolsDoc[symbol];
    if (!isObject(over)) fail(source, `symbols.${symbol}`, 'must be an object of overrides');
    // Unknown keys are said against the override itself, before it is laid over the top level.
    for (const path of leafPaths(over, '')) {
      if (!STRATEGY_PATHS.includes(path) && !STRATEGY_PATHS.some((p) => p.startsWith(`${path}.`))) {
        fail(origin.get(`symbols.${symbol}.${path}`) ?? source, `symbols.${symbol}.${path}`, 'is not a field (flowdesk strategy --defaults lists every field)');
      }
    }
    symbols[symbol] = validate(overlay(doc, over), `symbols.${symbol}.`, source, origin);
  }
  return Object.freeze({ defaults, symbols: Object.freeze(symbols) });
}

function validate(value: unknown, prefix: string, source: string, origin: ReadonlyMap<string, string>): StrategyParams {
  const result = strategyParamsSchema.safeParse(value);
  if (result.success) return Object.freeze(result.data);
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const inner = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const path = `${prefix}${[...inner, issue.keys[0] as string].join('.')}`;
    return fail(origin.get(path) ?? source, path, 'is not a field (flowdesk strategy --defaults lists every field)');
  }
  const path = `${prefix}${inner.join('.')}`;
  return fail(origin.get(path) ?? source, path, describe(issue, valueAt(value, inner)));
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const part of path) node = isObject(node) || Array.isArray(node) ? (node as Json)[part] : undefined;
  return node;
}

const TYPE_NAMES: Readonly<Record<string, string>> = { number: 'a number', int: 'a whole number', boolean: 'true or false', string: 'a text', array: 'a list', object: 'an object', record: 'an object (such as {"USDT":"10000"})' };

/** The issue as "must be …, got …". */
function describe(issue: z.core.$ZodIssue, given: unknown): string {
  const got = `, got ${JSON.stringify(given) ?? 'nothing'}`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_NAMES[issue.expected] ?? `a value of type ${issue.expected}`}${got}`;
    case 'too_small':
      return issue.origin === 'array' ? `must hold at least ${String(issue.minimum)} values${got}` : `must be ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}${got}`;
    case 'too_big':
      return issue.origin === 'array' ? `must hold at most ${String(issue.maximum)} values${got}` : `must be ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}${got}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    case 'custom':
      return issue.message;
    default:
      return `${issue.message.replace(/^Invalid input: /, '')}${got}`;
  }
}

function fail(source: string, path: string, message: string): never {
  throw new UsageError(`strategy config (${source}): ${path === '' ? '' : `${path}: `}${message}`);
}

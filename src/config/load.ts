// loadConfig: reads the schema's variables from an optional .env file and the real environment, validates
// them, and returns a frozen, typed Config. It must never mutate process.env, read variables outside the
// schema, or put a secret value into an error message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { inspect } from 'node:util';
import { ConfigError } from './errors.js';
import { keyVariablesOf } from './execution.js';
import {
  ACCEPTED,
  ENV_VARIABLES,
  SECRET_VARIABLES,
  envSchema,
  isEnvVariable,
  type EnvVariable,
  type ExecutionMode,
  type LogLevel,
} from './schema.js';

export interface Config {
  readonly logLevel: LogLevel;
  /** Absolute path of the log file, or null for stderr. */
  readonly logFile: string | null;
  readonly staleStreamMs: number;
  readonly maxBufferedDiffs: number;
  /** Benchmark hooks (FLOWDESK_PERF_*); off unless `out` is set. */
  readonly perf: {
    /** Absolute path of the figures file, or null: nothing is measured. */
    readonly out: string | null;
    /** Period of the recorder's resource samples. */
    readonly everyMs: number;
    /** The console also measures event-loop lag (its 1 ms sampling costs CPU itself). */
    readonly lag: boolean;
  };
  /** The execution ladder's rung (EXECUTION_MODE); execution.ts routes it to a venue. */
  readonly executionMode: ExecutionMode;
  /** LIVE: no order carries more quote notional than this (decimal string), whatever the strategy's risk says. */
  readonly liveMaxOrderNotional: string;
  /**
   * Base URLs of Binance's endpoints (Binance's by default; a loopback server in tests): the public
   * market-data ones, spot production trading (spotRest and spotWsApi), demo mode and the testnet.
   */
  readonly endpoints: {
    readonly spotRest: string;
    readonly spotWs: string;
    readonly usdmRest: string;
    readonly usdmWs: string;
    readonly spotWsApi: string;
    readonly spotDemoRest: string;
    readonly spotDemoWsApi: string;
    readonly spotTestnetRest: string;
    readonly spotTestnetWsApi: string;
  };
  /**
   * The API keys the execution mode's venue uses, null for every other pair (never read). JSON and
   * util.inspect show them redacted.
   */
  readonly secrets: {
    readonly binanceApiKey: string | null;
    readonly binanceApiSecret: string | null;
    readonly binanceDemoApiKey: string | null;
    readonly binanceDemoApiSecret: string | null;
    readonly binanceTestnetApiKey: string | null;
    readonly binanceTestnetApiSecret: string | null;
  };
}

export interface LoadConfigOptions {
  /** The real environment; defaults to process.env. Its values override the env file's. */
  env?: Record<string, string | undefined>;
  /** Env file path (relative to cwd); undefined = `.env` in cwd if present; null = no env file. */
  envFile?: string | null;
  /** Directory for the default `.env` and for relative paths; defaults to process.cwd(). */
  cwd?: string;
  /**
   * true (default): the API key pair of the configured EXECUTION_MODE's venue is read (none for PUBLIC;
   * BINANCE_DEMO_* for DEMO, BINANCE_TESTNET_* for TESTNET, BINANCE_API_* otherwise); other pairs never are.
   * false: public-data mode — no API key is read at all, even when present (and a bad one is not an error).
   */
  secrets?: boolean;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const fileValues = readEnvFile(cwd, options.envFile);

  // A variable present in the real environment wins even when empty (dotenv's convention).
  const valueOf = (name: EnvVariable): string | undefined => {
    const value = Object.hasOwn(env, name) && env[name] !== undefined ? env[name] : fileValues[name];
    return value === '' ? undefined : value;
  };
  // The mode decides which keys are read; a bad mode reads none (its error is reported below).
  const mode = envSchema.shape.EXECUTION_MODE.safeParse(valueOf('EXECUTION_MODE'));
  const keys = new Set<EnvVariable>(options.secrets === false || !mode.success ? [] : keyVariablesOf(mode.data));
  const raw: Partial<Record<EnvVariable, string>> = {};
  for (const name of ENV_VARIABLES) {
    if (SECRET_VARIABLES.has(name) && !keys.has(name)) continue;
    const value = valueOf(name);
    if (value !== undefined) raw[name] = value;
  }

  const result = envSchema.safeParse(raw);
  if (!result.success) throw invalidValues(raw, result.error.issues);
  const parsed = result.data;

  return Object.freeze({
    logLevel: parsed.FLOWDESK_LOG_LEVEL,
    logFile: parsed.FLOWDESK_LOG_FILE === undefined ? null : path.resolve(cwd, parsed.FLOWDESK_LOG_FILE),
    staleStreamMs: parsed.FLOWDESK_STALE_STREAM_MS,
    maxBufferedDiffs: parsed.FLOWDESK_MAX_BUFFERED_DIFFS,
    perf: Object.freeze({
      out: parsed.FLOWDESK_PERF_OUT === undefined ? null : path.resolve(cwd, parsed.FLOWDESK_PERF_OUT),
      everyMs: parsed.FLOWDESK_PERF_EVERY_MS,
      lag: parsed.FLOWDESK_PERF_LAG === '1',
    }),
    executionMode: parsed.EXECUTION_MODE,
    liveMaxOrderNotional: parsed.FLOWDESK_LIVE_MAX_ORDER_NOTIONAL,
    endpoints: Object.freeze({
      spotRest: parsed.BINANCE_SPOT_REST_URL,
      spotWs: parsed.BINANCE_SPOT_WS_URL,
      usdmRest: parsed.BINANCE_USDM_REST_URL,
      usdmWs: parsed.BINANCE_USDM_WS_URL,
      spotWsApi: parsed.BINANCE_SPOT_WS_API_URL,
      spotDemoRest: parsed.BINANCE_SPOT_DEMO_REST_URL,
      spotDemoWsApi: parsed.BINANCE_SPOT_DEMO_WS_API_URL,
      spotTestnetRest: parsed.BINANCE_SPOT_TESTNET_REST_URL,
      spotTestnetWsApi: parsed.BINANCE_SPOT_TESTNET_WS_API_URL,
    }),
    secrets: redacting({
      binanceApiKey: parsed.BINANCE_API_KEY ?? null,
      binanceApiSecret: parsed.BINANCE_API_SECRET ?? null,
      binanceDemoApiKey: parsed.BINANCE_DEMO_API_KEY ?? null,
      binanceDemoApiSecret: parsed.BINANCE_DEMO_API_SECRET ?? null,
      binanceTestnetApiKey: parsed.BINANCE_TESTNET_API_KEY ?? null,
      binanceTestnetApiSecret: parsed.BINANCE_TESTNET_API_SECRET ?? null,
    }),
  });
}

/** The secrets object, frozen, with JSON and util.inspect forms that show which keys are set, never their values. */
function redacting<T extends Record<string, string | null>>(secrets: T): Readonly<T> {
  const shown = (): Record<string, string | null> =>
    Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, value === null ? null : '[redacted]']));
  Object.defineProperty(secrets, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(secrets, inspect.custom, { value: () => shown(), enumerable: false });
  return Object.freeze(secrets);
}

/** The secret values present in a config (for the logger's scrubber). */
export function secretValues(config: Config): string[] {
  return Object.values(config.secrets).filter((value): value is string => value !== null && value !== '');
}

function readEnvFile(cwd: string, envFile: string | null | undefined): Record<string, string> {
  if (envFile === null) return {};
  const explicit = envFile !== undefined;
  const file = path.resolve(cwd, envFile ?? '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return {};
    const reason = code === 'ENOENT' ? 'file does not exist' : (error as Error).message;
    throw new ConfigError(`env file ${file}: cannot be read (${reason})`, [], { cause: error });
  }
  return dotenv.parse(text);
}

interface Issue {
  readonly path: readonly PropertyKey[];
}

function invalidValues(raw: Partial<Record<EnvVariable, string>>, issues: readonly Issue[]): ConfigError {
  const bad = new Set<EnvVariable>();
  for (const issue of issues) {
    const name = issue.path[0];
    if (isEnvVariable(name)) bad.add(name);
  }
  const names = ENV_VARIABLES.filter((name) => bad.has(name));
  const lines = names.map((name) => {
    const got = SECRET_VARIABLES.has(name) ? 'got a value that is not shown (secret)' : `got ${JSON.stringify(raw[name])}`;
    return `${name}: expected ${ACCEPTED[name]}; ${got}`;
  });
  if (lines.length === 0) lines.push('invalid configuration'); // unreachable: every issue names a variable
  return new ConfigError(lines.join('\n'), names);
}

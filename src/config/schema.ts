// The environment-variable schema of flowdesk: names, accepted values, defaults, which are secrets.
// Owns validation of raw strings only; it must never read files or process.env (load.ts does that).
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The execution ladder, from no private access at all to production orders (execution.ts routes each). */
export const EXECUTION_MODES = ['PUBLIC', 'READ_ONLY_PRIVATE', 'DRY_RUN_PRIVATE', 'DEMO', 'TESTNET', 'LIVE'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/** LIVE's cap on one order's quote notional (FLOWDESK_LIVE_MAX_ORDER_NOTIONAL), whatever the strategy's risk says. */
export const LIVE_MAX_ORDER_NOTIONAL_DEFAULT = '20';
const STALE_STREAM_MS = { min: 100, max: 3_600_000, default: 5000 } as const;
const MAX_BUFFERED_DIFFS = { min: 100, max: 1_000_000, default: 10_000 } as const;
const PERF_EVERY_MS = { min: 100, max: 3_600_000, default: 10_000 } as const;

/** A decimal integer string (no sign, no exponent, no separators) within [min, max]. */
function integerVar(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^[0-9]+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);
}

/** API keys and secrets: printable ASCII without whitespace (catches pasted keys with stray spaces). */
const secretVar = z
  .string()
  .regex(/^[\x21-\x7e]+$/)
  .optional();

/** An http(s) or ws(s) base URL without a trailing slash (the SDK appends paths to it). */
function baseUrlVar(protocols: readonly string[], fallback: string) {
  return z
    .string()
    .refine((text) => {
      try {
        const url = new URL(text);
        return protocols.includes(url.protocol) && !text.endsWith('/') && url.search === '' && url.hash === '';
      } catch {
        return false;
      }
    })
    .default(fallback);
}

/**
 * Binance's endpoints as the SDK uses them by default: production public and trading endpoints, and the
 * spot demo-mode and testnet trading endpoints. WebSocket API URLs are bases: the SDK appends /ws-api/v3.
 */
export const DEFAULT_ENDPOINTS = Object.freeze({
  BINANCE_SPOT_REST_URL: 'https://api.binance.com',
  BINANCE_SPOT_WS_URL: 'wss://stream.binance.com:9443',
  BINANCE_USDM_REST_URL: 'https://fapi.binance.com',
  BINANCE_USDM_WS_URL: 'wss://fstream.binance.com',
  BINANCE_SPOT_WS_API_URL: 'wss://ws-api.binance.com:443',
  BINANCE_SPOT_DEMO_REST_URL: 'https://demo-api.binance.com',
  BINANCE_SPOT_DEMO_WS_API_URL: 'wss://demo-ws-api.binance.com:443',
  BINANCE_SPOT_TESTNET_REST_URL: 'https://testnet.binance.vision',
  BINANCE_SPOT_TESTNET_WS_API_URL: 'wss://ws-api.testnet.binance.vision',
});

/**
 * The schema over the raw variables. Empty strings are turned into "unset" before parsing (load.ts),
 * so every default below also applies to `NAME=` lines.
 */
export const envSchema = z.object({
  FLOWDESK_LOG_LEVEL: z.enum(LOG_LEVELS).default('warn'),
  FLOWDESK_LOG_FILE: z.string().optional(),
  FLOWDESK_STALE_STREAM_MS: integerVar(STALE_STREAM_MS.min, STALE_STREAM_MS.max, STALE_STREAM_MS.default),
  FLOWDESK_MAX_BUFFERED_DIFFS: integerVar(
    MAX_BUFFERED_DIFFS.min,
    MAX_BUFFERED_DIFFS.max,
    MAX_BUFFERED_DIFFS.default,
  ),
  // Benchmark hooks (bench/*.mjs set them): where the measuring commands write their figures.
  FLOWDESK_PERF_OUT: z.string().optional(),
  FLOWDESK_PERF_EVERY_MS: integerVar(PERF_EVERY_MS.min, PERF_EVERY_MS.max, PERF_EVERY_MS.default),
  FLOWDESK_PERF_LAG: z.enum(['0', '1']).default('0'),
  EXECUTION_MODE: z.enum(EXECUTION_MODES).default('PUBLIC'),
  FLOWDESK_LIVE_MAX_ORDER_NOTIONAL: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,8})?$/)
    .refine((text) => Number(text) > 0)
    .default(LIVE_MAX_ORDER_NOTIONAL_DEFAULT),
  BINANCE_SPOT_REST_URL: baseUrlVar(['http:', 'https:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_REST_URL),
  BINANCE_SPOT_WS_URL: baseUrlVar(['ws:', 'wss:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_WS_URL),
  BINANCE_USDM_REST_URL: baseUrlVar(['http:', 'https:'], DEFAULT_ENDPOINTS.BINANCE_USDM_REST_URL),
  BINANCE_USDM_WS_URL: baseUrlVar(['ws:', 'wss:'], DEFAULT_ENDPOINTS.BINANCE_USDM_WS_URL),
  BINANCE_SPOT_WS_API_URL: baseUrlVar(['ws:', 'wss:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_WS_API_URL),
  BINANCE_SPOT_DEMO_REST_URL: baseUrlVar(['http:', 'https:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_DEMO_REST_URL),
  BINANCE_SPOT_DEMO_WS_API_URL: baseUrlVar(['ws:', 'wss:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_DEMO_WS_API_URL),
  BINANCE_SPOT_TESTNET_REST_URL: baseUrlVar(['http:', 'https:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_TESTNET_REST_URL),
  BINANCE_SPOT_TESTNET_WS_API_URL: baseUrlVar(['ws:', 'wss:'], DEFAULT_ENDPOINTS.BINANCE_SPOT_TESTNET_WS_API_URL),
  BINANCE_API_KEY: secretVar,
  BINANCE_API_SECRET: secretVar,
  BINANCE_DEMO_API_KEY: secretVar,
  BINANCE_DEMO_API_SECRET: secretVar,
  BINANCE_TESTNET_API_KEY: secretVar,
  BINANCE_TESTNET_API_SECRET: secretVar,
});

export type EnvVariable = keyof typeof envSchema.shape;
export type ParsedEnv = z.output<typeof envSchema>;

/** Every variable the schema reads, in schema order. */
export const ENV_VARIABLES = Object.freeze(Object.keys(envSchema.shape) as EnvVariable[]);

/** Variables whose values must never be echoed (errors, logs, reports). */
export const SECRET_VARIABLES: ReadonlySet<EnvVariable> = new Set<EnvVariable>([
  'BINANCE_API_KEY',
  'BINANCE_API_SECRET',
  'BINANCE_DEMO_API_KEY',
  'BINANCE_DEMO_API_SECRET',
  'BINANCE_TESTNET_API_KEY',
  'BINANCE_TESTNET_API_SECRET',
]);

const REST_URL = 'an http:// or https:// base URL without a trailing slash, query or fragment';
const WS_URL = 'a ws:// or wss:// base URL without a trailing slash, query or fragment';
const SECRET = 'printable ASCII characters without spaces';

/** What each variable accepts, as shown in error messages after "expected". */
export const ACCEPTED: Readonly<Record<EnvVariable, string>> = Object.freeze({
  FLOWDESK_LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  FLOWDESK_LOG_FILE: 'a file path',
  FLOWDESK_STALE_STREAM_MS: `an integer number of milliseconds from ${STALE_STREAM_MS.min} to ${STALE_STREAM_MS.max}`,
  FLOWDESK_MAX_BUFFERED_DIFFS: `an integer from ${MAX_BUFFERED_DIFFS.min} to ${MAX_BUFFERED_DIFFS.max}`,
  FLOWDESK_PERF_OUT: 'a file path',
  FLOWDESK_PERF_EVERY_MS: `an integer number of milliseconds from ${PERF_EVERY_MS.min} to ${PERF_EVERY_MS.max}`,
  FLOWDESK_PERF_LAG: '0 or 1',
  EXECUTION_MODE: `one of ${EXECUTION_MODES.join(', ')}`,
  FLOWDESK_LIVE_MAX_ORDER_NOTIONAL: 'a decimal amount of the quote asset greater than 0 (up to 8 decimals)',
  BINANCE_SPOT_REST_URL: REST_URL,
  BINANCE_SPOT_WS_URL: WS_URL,
  BINANCE_USDM_REST_URL: REST_URL,
  BINANCE_USDM_WS_URL: WS_URL,
  BINANCE_SPOT_WS_API_URL: WS_URL,
  BINANCE_SPOT_DEMO_REST_URL: REST_URL,
  BINANCE_SPOT_DEMO_WS_API_URL: WS_URL,
  BINANCE_SPOT_TESTNET_REST_URL: REST_URL,
  BINANCE_SPOT_TESTNET_WS_API_URL: WS_URL,
  BINANCE_API_KEY: SECRET,
  BINANCE_API_SECRET: SECRET,
  BINANCE_DEMO_API_KEY: SECRET,
  BINANCE_DEMO_API_SECRET: SECRET,
  BINANCE_TESTNET_API_KEY: SECRET,
  BINANCE_TESTNET_API_SECRET: SECRET,
});

export function isEnvVariable(name: unknown): name is EnvVariable {
  return typeof name === 'string' && Object.hasOwn(envSchema.shape, name);
}

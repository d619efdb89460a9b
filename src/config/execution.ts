// config/execution: the EXECUTION_MODE ladder routed to a Binance spot venue — which venue a mode talks to
// (production, demo mode or the testnet), that venue's trading endpoints, the key pair it needs, and what
// the mode may do there. Refusals come before anything private can be built, each one line naming what to
// fix: --live missing for LIVE (or given for another mode), a DEMO/TESTNET endpoint on another Binance
// venue's host (production above all), a key that is not set. PUBLIC routes nowhere: no key is read
// (loadConfig reads only the pair `keyVariablesOf` names) and there is no route to build a client from.
// Pure: reads the Config only; no I/O (a host name is judged as written, not resolved).

import type { Config } from './load.js';
import { ApiCredentials } from './credentials.js';
import { ConfigError } from './errors.js';
import type { EnvVariable, ExecutionMode } from './schema.js';

export type ExecutionVenueName = 'production' | 'demo' | 'testnet';

/** read: private state only; validate: also the test-order endpoint (no order placed); write: place and cancel orders. */
export type ExecutionAccess = 'read' | 'validate' | 'write';

export type PrivateExecutionMode = Exclude<ExecutionMode, 'PUBLIC'>;

/** Where a private mode trades and what it needs; the only way to credentials and trading endpoints. */
export interface ExecutionRoute {
  readonly mode: PrivateExecutionMode;
  readonly venue: ExecutionVenueName;
  readonly access: ExecutionAccess;
  /** REST base URL (no trailing slash) and the variable that set it. */
  readonly restUrl: string;
  readonly restUrlVariable: EnvVariable;
  /** WebSocket API base URL (the SDK appends /ws-api/v3) and its variable. */
  readonly wsApiUrl: string;
  readonly wsApiUrlVariable: EnvVariable;
  readonly keyVariable: EnvVariable;
  readonly secretVariable: EnvVariable;
  /** The key pair: prints as "[redacted]". */
  readonly credentials: ApiCredentials;
}

export interface ExecutionFlags {
  /** The command line's --live: required by LIVE, refused with any other mode. */
  readonly live: boolean;
}

const ROUTES: Readonly<Record<PrivateExecutionMode, { readonly venue: ExecutionVenueName; readonly access: ExecutionAccess }>> = {
  READ_ONLY_PRIVATE: { venue: 'production', access: 'read' },
  DRY_RUN_PRIVATE: { venue: 'production', access: 'validate' },
  DEMO: { venue: 'demo', access: 'write' },
  TESTNET: { venue: 'testnet', access: 'write' },
  LIVE: { venue: 'production', access: 'write' },
};

interface VenueVariables {
  readonly rest: EnvVariable;
  readonly wsApi: EnvVariable;
  readonly key: EnvVariable;
  readonly secret: EnvVariable;
}

const VENUES: Readonly<Record<ExecutionVenueName, VenueVariables>> = {
  production: { rest: 'BINANCE_SPOT_REST_URL', wsApi: 'BINANCE_SPOT_WS_API_URL', key: 'BINANCE_API_KEY', secret: 'BINANCE_API_SECRET' },
  demo: { rest: 'BINANCE_SPOT_DEMO_REST_URL', wsApi: 'BINANCE_SPOT_DEMO_WS_API_URL', key: 'BINANCE_DEMO_API_KEY', secret: 'BINANCE_DEMO_API_SECRET' },
  testnet: { rest: 'BINANCE_SPOT_TESTNET_REST_URL', wsApi: 'BINANCE_SPOT_TESTNET_WS_API_URL', key: 'BINANCE_TESTNET_API_KEY', secret: 'BINANCE_TESTNET_API_SECRET' },
};

/** The Config's value of an endpoint or key variable this module routes. */
function valueOf(config: Config, name: EnvVariable): string | null {
  const { endpoints: e, secrets: s } = config;
  const values: Partial<Record<EnvVariable, string | null>> = {
    BINANCE_SPOT_REST_URL: e.spotRest,
    BINANCE_SPOT_WS_API_URL: e.spotWsApi,
    BINANCE_SPOT_DEMO_REST_URL: e.spotDemoRest,
    BINANCE_SPOT_DEMO_WS_API_URL: e.spotDemoWsApi,
    BINANCE_SPOT_TESTNET_REST_URL: e.spotTestnetRest,
    BINANCE_SPOT_TESTNET_WS_API_URL: e.spotTestnetWsApi,
    BINANCE_API_KEY: s.binanceApiKey,
    BINANCE_API_SECRET: s.binanceApiSecret,
    BINANCE_DEMO_API_KEY: s.binanceDemoApiKey,
    BINANCE_DEMO_API_SECRET: s.binanceDemoApiSecret,
    BINANCE_TESTNET_API_KEY: s.binanceTestnetApiKey,
    BINANCE_TESTNET_API_SECRET: s.binanceTestnetApiSecret,
  };
  return values[name] ?? null;
}

/** The key variables a mode reads (none for PUBLIC). */
export function keyVariablesOf(mode: ExecutionMode): readonly EnvVariable[] {
  if (mode === 'PUBLIC') return [];
  const v = VENUES[ROUTES[mode].venue];
  return [v.key, v.secret];
}

/**
 * The Binance venue a URL's host belongs to, or null for any other host (a loopback server, a relay).
 * Demo mode: demo-*.binance.com; testnet: *testnet.binance.vision and testnet.binancefuture.com;
 * production: every other host of binance.com, binance.vision and binance.us.
 */
export function binanceVenueOfUrl(url: string): ExecutionVenueName | null {
  const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  const within = (domain: string): boolean => host === domain || host.endsWith(`.${domain}`);
  if (within('binance.com') && host.startsWith('demo-')) return 'demo';
  if (within('testnet.binance.vision') || within('testnet.binancefuture.com')) return 'testnet';
  if (within('binance.com') || within('binance.vision') || within('binance.us')) return 'production';
  return null;
}

/**
 * Routes `mode` (normally config.executionMode, with the config loaded for it) to its venue: null for PUBLIC.
 * Throws a ConfigError of one line naming the flag or variable to fix.
 */
export function executionVenueFor(mode: ExecutionMode, config: Config, flags: ExecutionFlags): ExecutionRoute | null {
  if (flags.live && mode !== 'LIVE') {
    throw new ConfigError(`--live is only for EXECUTION_MODE=LIVE, and EXECUTION_MODE is ${mode}: drop --live, or set EXECUTION_MODE=LIVE to trade in production`, ['EXECUTION_MODE']);
  }
  if (mode === 'PUBLIC') return null;
  if (mode === 'LIVE' && !flags.live) {
    throw new ConfigError('EXECUTION_MODE=LIVE sends real orders to Binance: it starts only with --live on the command line', ['EXECUTION_MODE']);
  }
  const { venue, access } = ROUTES[mode];
  const v = VENUES[venue];
  const restUrl = valueOf(config, v.rest) as string;
  const wsApiUrl = valueOf(config, v.wsApi) as string;
  if (venue !== 'production') {
    for (const [name, url] of [[v.rest, restUrl], [v.wsApi, wsApiUrl]] as const) {
      const other = binanceVenueOfUrl(url);
      if (other !== null && other !== venue) {
        throw new ConfigError(`${name} points at Binance ${other} (${new URL(url).host}): EXECUTION_MODE=${mode} sends only to the ${venue} venue`, [name]);
      }
    }
  }
  const key = valueOf(config, v.key);
  const secret = valueOf(config, v.secret);
  const missing = [key === null ? v.key : null, secret === null ? v.secret : null].filter((name): name is EnvVariable => name !== null);
  if (missing.length > 0) throw new ConfigError(`EXECUTION_MODE=${mode} needs ${missing.join(' and ')} (not set)`, missing);
  return {
    mode,
    venue,
    access,
    restUrl,
    restUrlVariable: v.rest,
    wsApiUrl,
    wsApiUrlVariable: v.wsApi,
    keyVariable: v.key,
    secretVariable: v.secret,
    credentials: new ApiCredentials(key as string, secret as string),
  };
}

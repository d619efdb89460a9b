// executionVenueFor: each mode's venue, endpoints, key variables and access; each refusal as one line
// naming what to fix; the credentials that never print.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  binanceVenueOfUrl,
  executionVenueFor,
  keyVariablesOf,
  loadConfig,
  type Config,
  type ExecutionMode,
  type ExecutionRoute,
} from '../../src/config/index.js';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const KEYS = {
  BINANCE_API_KEY: `${KEY}P`,
  BINANCE_API_SECRET: `${SECRET}P`,
  BINANCE_DEMO_API_KEY: `${KEY}D`,
  BINANCE_DEMO_API_SECRET: `${SECRET}D`,
  BINANCE_TESTNET_API_KEY: `${KEY}T`,
  BINANCE_TESTNET_API_SECRET: `${SECRET}T`,
};
/** The loopback standing in for the three venues, on separate ports (how the mode tests run). */
const LOOPBACK = {
  BINANCE_SPOT_REST_URL: 'http://127.0.0.1:4101',
  BINANCE_SPOT_WS_API_URL: 'ws://127.0.0.1:4101',
  BINANCE_SPOT_DEMO_REST_URL: 'http://127.0.0.1:4102',
  BINANCE_SPOT_DEMO_WS_API_URL: 'ws://127.0.0.1:4102',
  BINANCE_SPOT_TESTNET_REST_URL: 'http://127.0.0.1:4103',
  BINANCE_SPOT_TESTNET_WS_API_URL: 'ws://127.0.0.1:4103',
};

function configFor(mode: ExecutionMode, env: Record<string, string> = {}): Config {
  return loadConfig({ env: { ...KEYS, EXECUTION_MODE: mode, ...env }, envFile: null });
}

function route(mode: ExecutionMode, env: Record<string, string> = {}, live = mode === 'LIVE'): ExecutionRoute {
  const r = executionVenueFor(mode, configFor(mode, env), { live });
  if (r === null) throw new Error('no route');
  return r;
}

function refusal(mode: ExecutionMode, env: Record<string, string>, live = mode === 'LIVE'): ConfigError {
  try {
    executionVenueFor(mode, configFor(mode, env), { live });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).not.toContain('\n');
    return error as ConfigError;
  }
  throw new Error('expected a refusal');
}

describe('executionVenueFor: where each mode goes', () => {
  it('routes PUBLIC nowhere: no venue, no keys', () => {
    expect(executionVenueFor('PUBLIC', configFor('PUBLIC'), { live: false })).toBeNull();
    expect(keyVariablesOf('PUBLIC')).toEqual([]);
  });

  it.each([
    ['READ_ONLY_PRIVATE', 'production', 'read', 'https://api.binance.com', 'wss://ws-api.binance.com:443', 'BINANCE_API_KEY', 'BINANCE_API_SECRET'],
    ['DRY_RUN_PRIVATE', 'production', 'validate', 'https://api.binance.com', 'wss://ws-api.binance.com:443', 'BINANCE_API_KEY', 'BINANCE_API_SECRET'],
    ['DEMO', 'demo', 'write', 'https://demo-api.binance.com', 'wss://demo-ws-api.binance.com:443', 'BINANCE_DEMO_API_KEY', 'BINANCE_DEMO_API_SECRET'],
    ['TESTNET', 'testnet', 'write', 'https://testnet.binance.vision', 'wss://ws-api.testnet.binance.vision', 'BINANCE_TESTNET_API_KEY', 'BINANCE_TESTNET_API_SECRET'],
    ['LIVE', 'production', 'write', 'https://api.binance.com', 'wss://ws-api.binance.com:443', 'BINANCE_API_KEY', 'BINANCE_API_SECRET'],
  ] as const)('routes %s to Binance %s (%s) at its default hosts', (mode, venue, access, restUrl, wsApiUrl, keyVariable, secretVariable) => {
    const r = route(mode);
    expect(r).toMatchObject({ mode, venue, access, restUrl, wsApiUrl, keyVariable, secretVariable });
    expect(keyVariablesOf(mode)).toEqual([keyVariable, secretVariable]);
    expect([r.credentials.apiKey, r.credentials.apiSecret]).toEqual([KEYS[keyVariable], KEYS[secretVariable]]);
  });

  it('takes each venue endpoints from its own variables, so the loopback can stand in for all three on separate ports', () => {
    expect(route('DRY_RUN_PRIVATE', LOOPBACK)).toMatchObject({ restUrl: 'http://127.0.0.1:4101', restUrlVariable: 'BINANCE_SPOT_REST_URL', wsApiUrl: 'ws://127.0.0.1:4101' });
    expect(route('DEMO', LOOPBACK)).toMatchObject({ restUrl: 'http://127.0.0.1:4102', wsApiUrl: 'ws://127.0.0.1:4102', wsApiUrlVariable: 'BINANCE_SPOT_DEMO_WS_API_URL' });
    expect(route('TESTNET', LOOPBACK)).toMatchObject({ restUrl: 'http://127.0.0.1:4103', wsApiUrl: 'ws://127.0.0.1:4103' });
    expect(route('LIVE', LOOPBACK)).toMatchObject({ restUrl: 'http://127.0.0.1:4101', wsApiUrl: 'ws://127.0.0.1:4101' });
  });
});

describe('executionVenueFor: refusals, one line each', () => {
  it('refuses LIVE without --live, naming the flag, before anything else (even with no keys)', () => {
    const config = loadConfig({ env: { EXECUTION_MODE: 'LIVE' }, envFile: null });
    expect(() => executionVenueFor('LIVE', config, { live: false })).toThrow('EXECUTION_MODE=LIVE sends real orders to Binance: it starts only with --live on the command line');
    expect(() => executionVenueFor('LIVE', config, { live: false })).toThrow(ConfigError);
  });

  it('refuses --live with any other mode: the operator believes in a session that is not live', () => {
    for (const mode of ['PUBLIC', 'READ_ONLY_PRIVATE', 'DRY_RUN_PRIVATE', 'DEMO', 'TESTNET'] as const) {
      expect(refusal(mode, {}, true).message).toBe(`--live is only for EXECUTION_MODE=LIVE, and EXECUTION_MODE is ${mode}: drop --live, or set EXECUTION_MODE=LIVE to trade in production`);
    }
  });

  it.each([
    ['DEMO', 'BINANCE_DEMO_API_KEY'],
    ['DEMO', 'BINANCE_DEMO_API_SECRET'],
    ['TESTNET', 'BINANCE_TESTNET_API_KEY'],
    ['TESTNET', 'BINANCE_TESTNET_API_SECRET'],
    ['READ_ONLY_PRIVATE', 'BINANCE_API_KEY'],
    ['DRY_RUN_PRIVATE', 'BINANCE_API_SECRET'],
    ['LIVE', 'BINANCE_API_KEY'],
  ] as const)('refuses %s without %s, naming it', (mode, missing) => {
    const error = refusal(mode, { [missing]: '' });
    expect(error.message).toBe(`EXECUTION_MODE=${mode} needs ${missing} (not set)`);
    expect(error.variables).toEqual([missing]);
  });

  it('names both variables of a pair when neither is set', () => {
    const config = loadConfig({ env: { EXECUTION_MODE: 'TESTNET' }, envFile: null });
    expect(() => executionVenueFor('TESTNET', config, { live: false })).toThrow('EXECUTION_MODE=TESTNET needs BINANCE_TESTNET_API_KEY and BINANCE_TESTNET_API_SECRET (not set)');
  });

  it('does not take another venue key pair for a missing one: DEMO never falls back to production keys', () => {
    const error = refusal('DEMO', { BINANCE_DEMO_API_KEY: '', BINANCE_DEMO_API_SECRET: '' });
    expect(error.variables).toEqual(['BINANCE_DEMO_API_KEY', 'BINANCE_DEMO_API_SECRET']);
  });

  it.each([
    ['DEMO', 'BINANCE_SPOT_DEMO_REST_URL', 'https://api.binance.com', 'production (api.binance.com)'],
    ['DEMO', 'BINANCE_SPOT_DEMO_WS_API_URL', 'wss://ws-api.binance.com:443', 'production (ws-api.binance.com)'],
    ['DEMO', 'BINANCE_SPOT_DEMO_REST_URL', 'https://API1.Binance.com.', 'production (api1.binance.com.)'],
    ['DEMO', 'BINANCE_SPOT_DEMO_REST_URL', 'https://testnet.binance.vision', 'testnet (testnet.binance.vision)'],
    ['TESTNET', 'BINANCE_SPOT_TESTNET_REST_URL', 'https://api.binance.com', 'production (api.binance.com)'],
    ['TESTNET', 'BINANCE_SPOT_TESTNET_WS_API_URL', 'wss://ws-api.binance.com:9443', 'production (ws-api.binance.com:9443)'],
    ['TESTNET', 'BINANCE_SPOT_TESTNET_REST_URL', 'https://data-api.binance.vision', 'production (data-api.binance.vision)'],
    ['TESTNET', 'BINANCE_SPOT_TESTNET_WS_API_URL', 'wss://demo-ws-api.binance.com', 'demo (demo-ws-api.binance.com)'],
  ] as const)('refuses %s with %s=%s', (mode, variable, url, where) => {
    const error = refusal(mode, { [variable]: url });
    const venue = mode === 'DEMO' ? 'demo' : 'testnet';
    expect(error.message).toBe(`${variable} points at Binance ${where}: EXECUTION_MODE=${mode} sends only to the ${venue} venue`);
    expect(error.variables).toEqual([variable]);
  });
});

describe('binanceVenueOfUrl', () => {
  it.each([
    ['https://api.binance.com', 'production'],
    ['https://api-gcp.binance.com', 'production'],
    ['wss://stream.binance.com:9443', 'production'],
    ['https://binance.com', 'production'],
    ['https://data-api.binance.vision', 'production'],
    ['https://api.binance.us', 'production'],
    ['https://demo-api.binance.com', 'demo'],
    ['wss://demo-ws-api.binance.com:443', 'demo'],
    ['https://testnet.binance.vision', 'testnet'],
    ['wss://ws-api.testnet.binance.vision', 'testnet'],
    ['https://testnet.binancefuture.com', 'testnet'],
    ['http://127.0.0.1:4100', null],
    ['http://localhost:4100', null],
    ['https://notbinance.com', null],
    ['https://binance.com.example.org', null],
  ] as const)('%s is %s', (url, venue) => {
    expect(binanceVenueOfUrl(url)).toBe(venue);
  });
});

describe('credentials never print', () => {
  it('show as redacted in JSON, util.inspect and string conversion, and in the route that holds them', () => {
    const r = route('LIVE');
    for (const text of [JSON.stringify(r), inspect(r, { depth: 10 }), String(r.credentials), `${r.credentials.toString()}`]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
      expect(text).toContain('[redacted]');
    }
    expect(JSON.parse(JSON.stringify(r)).credentials).toEqual({ apiKey: '[redacted]', apiSecret: '[redacted]' });
    expect(Object.keys(r.credentials)).toEqual([]);
  });

  it('never appear in a refusal message', () => {
    for (const [mode, env] of [['DEMO', { BINANCE_SPOT_DEMO_REST_URL: 'https://api.binance.com' }], ['DEMO', { BINANCE_DEMO_API_SECRET: '' }], ['READ_ONLY_PRIVATE', {}]] as const) {
      let message = '';
      try {
        executionVenueFor(mode, configFor(mode, env), { live: true });
      } catch (error) {
        message = `${(error as Error).message}${(error as Error).stack ?? ''}`;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(KEY);
      expect(message).not.toContain(SECRET);
    }
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, isConfigError, loadConfig, secretValues } from '../../src/config/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

const DEFAULT_ENDPOINTS = {
  spotRest: 'https://api.binance.com',
  spotWs: 'wss://stream.binance.com:9443',
  usdmRest: 'https://fapi.binance.com',
  usdmWs: 'wss://fstream.binance.com',
  spotWsApi: 'wss://ws-api.binance.com:443',
  spotDemoRest: 'https://demo-api.binance.com',
  spotDemoWsApi: 'wss://demo-ws-api.binance.com:443',
  spotTestnetRest: 'https://testnet.binance.vision',
  spotTestnetWsApi: 'wss://ws-api.testnet.binance.vision',
};
const NO_SECRETS = {
  binanceApiKey: null,
  binanceApiSecret: null,
  binanceDemoApiKey: null,
  binanceDemoApiSecret: null,
  binanceTestnetApiKey: null,
  binanceTestnetApiSecret: null,
};

const tempDirs: string[] = [];
function tempCwd(envText?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowdesk-config-'));
  tempDirs.push(dir);
  if (envText !== undefined) writeFileSync(path.join(dir, '.env'), envText);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function loadError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ env, envFile: null });
  } catch (error) {
    expect(isConfigError(error)).toBe(true);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('returns the defaults when the environment is empty and there is no env file', () => {
    const config = loadConfig({ env: {}, cwd: tempCwd() });
    expect(config).toEqual({
      logLevel: 'warn',
      logFile: null,
      staleStreamMs: 5000,
      maxBufferedDiffs: 10000,
      perf: { out: null, everyMs: 10000, lag: false },
      executionMode: 'PUBLIC',
      liveMaxOrderNotional: '20',
      endpoints: DEFAULT_ENDPOINTS,
      secrets: NO_SECRETS,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.secrets)).toBe(true);
    expect(secretValues(config)).toEqual([]);
  });

  it('loads .env from the working directory', () => {
    const cwd = tempCwd(
      ['FLOWDESK_LOG_LEVEL=debug', 'FLOWDESK_LOG_FILE=logs/app.log', 'FLOWDESK_STALE_STREAM_MS=250',
        'FLOWDESK_MAX_BUFFERED_DIFFS=500', 'EXECUTION_MODE=READ_ONLY_PRIVATE', `BINANCE_API_KEY=${KEY}`, `BINANCE_API_SECRET="${SECRET}"`].join('\n'),
    );
    const config = loadConfig({ env: {}, cwd });
    expect(config).toEqual({
      logLevel: 'debug',
      logFile: path.join(cwd, 'logs/app.log'),
      staleStreamMs: 250,
      maxBufferedDiffs: 500,
      perf: { out: null, everyMs: 10000, lag: false },
      executionMode: 'READ_ONLY_PRIVATE',
      liveMaxOrderNotional: '20',
      endpoints: DEFAULT_ENDPOINTS,
      secrets: { ...NO_SECRETS, binanceApiKey: KEY, binanceApiSecret: SECRET },
    });
    expect(secretValues(config)).toEqual([KEY, SECRET]);
  });

  it('lets real environment variables override the .env file', () => {
    const cwd = tempCwd('FLOWDESK_LOG_LEVEL=debug\nFLOWDESK_STALE_STREAM_MS=250\n');
    const config = loadConfig({ env: { FLOWDESK_LOG_LEVEL: 'warn' }, cwd });
    expect(config.logLevel).toBe('warn');
    expect(config.staleStreamMs).toBe(250);
  });

  it('reads an explicitly given env file and ignores .env in the working directory', () => {
    const cwd = tempCwd('FLOWDESK_LOG_LEVEL=debug\n');
    writeFileSync(path.join(cwd, 'other.env'), 'FLOWDESK_LOG_LEVEL=error\n');
    expect(loadConfig({ env: {}, cwd, envFile: 'other.env' }).logLevel).toBe('error');
  });

  it('ignores .env when envFile is null', () => {
    const cwd = tempCwd('FLOWDESK_LOG_LEVEL=debug\n');
    expect(loadConfig({ env: {}, cwd, envFile: null }).logLevel).toBe('warn');
  });

  it('throws a ConfigError when an explicitly given env file does not exist', () => {
    const cwd = tempCwd();
    expect(() => loadConfig({ env: {}, cwd, envFile: 'missing.env' })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, cwd, envFile: 'missing.env' })).toThrow(/missing\.env.*does not exist/);
  });

  it('does not mutate the environment it reads', () => {
    const cwd = tempCwd('FLOWDESK_LOG_LEVEL=debug\n');
    const env: Record<string, string> = {};
    loadConfig({ env, cwd });
    expect(env).toEqual({});
    expect(process.env.FLOWDESK_LOG_LEVEL).toBeUndefined();
  });

  it('rejects an unknown log level, naming the variable, the value and the accepted values', () => {
    const error = loadError({ FLOWDESK_LOG_LEVEL: 'loud' });
    expect(error.name).toBe('ConfigError');
    expect(error.variable).toBe('FLOWDESK_LOG_LEVEL');
    expect(error.message).toBe(
      'FLOWDESK_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    );
  });

  it('rejects a value that is not an integer', () => {
    for (const value of ['5s', '1.5', '1e4', '-500', ' 500x']) {
      const error = loadError({ FLOWDESK_STALE_STREAM_MS: value });
      expect(error.variable).toBe('FLOWDESK_STALE_STREAM_MS');
      expect(error.message).toContain(`got ${JSON.stringify(value)}`);
      expect(error.message).toContain('an integer number of milliseconds from 100 to 3600000');
    }
  });

  it('rejects integers out of range', () => {
    expect(loadError({ FLOWDESK_STALE_STREAM_MS: '99' }).variable).toBe('FLOWDESK_STALE_STREAM_MS');
    expect(loadError({ FLOWDESK_STALE_STREAM_MS: '3600001' }).variable).toBe('FLOWDESK_STALE_STREAM_MS');
    const error = loadError({ FLOWDESK_MAX_BUFFERED_DIFFS: '1000001' });
    expect(error.message).toBe('FLOWDESK_MAX_BUFFERED_DIFFS: expected an integer from 100 to 1000000; got "1000001"');
    expect(loadConfig({ env: { FLOWDESK_MAX_BUFFERED_DIFFS: '100' }, envFile: null }).maxBufferedDiffs).toBe(100);
  });

  it('reads the benchmark variables through the schema, resolving the figures file against the working directory', () => {
    const cwd = tempCwd('FLOWDESK_PERF_OUT=perf/figures.json\nFLOWDESK_PERF_EVERY_MS=250\nFLOWDESK_PERF_LAG=1\n');
    expect(loadConfig({ env: {}, cwd }).perf).toEqual({ out: path.join(cwd, 'perf/figures.json'), everyMs: 250, lag: true });
  });

  it('rejects a benchmark variable that is not what it accepts, naming it, instead of running with a made-up value', () => {
    expect(loadError({ FLOWDESK_PERF_EVERY_MS: 'NaN' }).message).toBe(
      'FLOWDESK_PERF_EVERY_MS: expected an integer number of milliseconds from 100 to 3600000; got "NaN"',
    );
    expect(loadError({ FLOWDESK_PERF_EVERY_MS: '1' }).variable).toBe('FLOWDESK_PERF_EVERY_MS');
    expect(loadError({ FLOWDESK_PERF_LAG: 'yes' }).message).toBe('FLOWDESK_PERF_LAG: expected 0 or 1; got "yes"');
  });

  it('lists every bad variable on its own line, in schema order', () => {
    const error = loadError({ FLOWDESK_MAX_BUFFERED_DIFFS: 'lots', FLOWDESK_LOG_LEVEL: 'loud' });
    expect(error.variable).toBe('FLOWDESK_LOG_LEVEL');
    expect(error.variables).toEqual(['FLOWDESK_LOG_LEVEL', 'FLOWDESK_MAX_BUFFERED_DIFFS']);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^FLOWDESK_LOG_LEVEL: /);
    expect(lines[1]).toMatch(/^FLOWDESK_MAX_BUFFERED_DIFFS: .*got "lots"$/);
  });

  it('never echoes the bad value of a secret', () => {
    const badKey = `${KEY} trailing`;
    const error = loadError({ EXECUTION_MODE: 'LIVE', BINANCE_API_KEY: badKey, BINANCE_API_SECRET: `${SECRET}\n` });
    expect(error.variables).toEqual(['BINANCE_API_KEY', 'BINANCE_API_SECRET']);
    expect(error.message).toContain('BINANCE_API_KEY: expected printable ASCII characters without spaces');
    for (const text of [error.message, error.stack ?? '', JSON.stringify(error), String(error.cause)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('trailing');
    }
  });

  it('ignores variables outside the schema', () => {
    const config = loadConfig({ env: { FLOWDESK_UNKNOWN: 'x', PATH: '/bin', HOME: '/root' }, envFile: null });
    expect(Object.keys(config).sort()).toEqual(['endpoints', 'executionMode', 'liveMaxOrderNotional', 'logFile', 'logLevel', 'maxBufferedDiffs', 'perf', 'secrets', 'staleStreamMs']);
  });

  it('treats an empty secret as unset', () => {
    const config = loadConfig({ env: { EXECUTION_MODE: 'DRY_RUN_PRIVATE', BINANCE_API_KEY: '', BINANCE_API_SECRET: '' }, envFile: null });
    expect(config.secrets).toEqual(NO_SECRETS);
    expect(secretValues(config)).toEqual([]);
  });

  it('treats empty values as unset, so the defaults apply', () => {
    const cwd = tempCwd('FLOWDESK_LOG_LEVEL=\nFLOWDESK_LOG_FILE=\nFLOWDESK_STALE_STREAM_MS=\n');
    const config = loadConfig({ env: {}, cwd });
    expect(config.logLevel).toBe('warn');
    expect(config.logFile).toBeNull();
    expect(config.staleStreamMs).toBe(5000);
  });
});

describe('.env.example', () => {
  const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  const uncommented = text.replace(/^#\s*([A-Z][A-Z0-9_]*=)/gm, '$1');
  const mentioned = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it('parses with dotenv', () => {
    expect(() => dotenv.parse(text)).not.toThrow();
    expect(Object.keys(dotenv.parse(uncommented)).sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('mentions every schema variable once, and only schema variables', () => {
    expect([...mentioned].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('is a valid configuration when every line is uncommented', () => {
    const cwd = tempCwd(uncommented);
    const config = loadConfig({ env: {}, cwd });
    expect(config.logLevel).toBe('warn');
    expect(config.staleStreamMs).toBe(5000);
    expect(config.maxBufferedDiffs).toBe(10000);
    expect(config.secrets).toEqual(NO_SECRETS);
  });
});

describe('endpoint overrides', () => {
  it('take loopback URLs from the environment', () => {
    const config = loadConfig({
      env: {
        BINANCE_SPOT_REST_URL: 'http://127.0.0.1:4001',
        BINANCE_SPOT_WS_URL: 'ws://127.0.0.1:4001',
        BINANCE_USDM_REST_URL: 'http://127.0.0.1:4002',
        BINANCE_USDM_WS_URL: 'ws://127.0.0.1:4002',
      },
      envFile: null,
    });
    expect(config.endpoints).toEqual({
      ...DEFAULT_ENDPOINTS,
      spotRest: 'http://127.0.0.1:4001',
      spotWs: 'ws://127.0.0.1:4001',
      usdmRest: 'http://127.0.0.1:4002',
      usdmWs: 'ws://127.0.0.1:4002',
    });
  });

  it('take the trading endpoints of every venue from the environment', () => {
    const env = {
      BINANCE_SPOT_WS_API_URL: 'ws://127.0.0.1:4001',
      BINANCE_SPOT_DEMO_REST_URL: 'http://127.0.0.1:4003',
      BINANCE_SPOT_DEMO_WS_API_URL: 'ws://127.0.0.1:4003',
      BINANCE_SPOT_TESTNET_REST_URL: 'http://127.0.0.1:4004',
      BINANCE_SPOT_TESTNET_WS_API_URL: 'ws://127.0.0.1:4004',
    };
    expect(loadConfig({ env, envFile: null }).endpoints).toEqual({
      ...DEFAULT_ENDPOINTS,
      spotWsApi: 'ws://127.0.0.1:4001',
      spotDemoRest: 'http://127.0.0.1:4003',
      spotDemoWsApi: 'ws://127.0.0.1:4003',
      spotTestnetRest: 'http://127.0.0.1:4004',
      spotTestnetWsApi: 'ws://127.0.0.1:4004',
    });
  });

  it.each([
    ['BINANCE_SPOT_REST_URL', 'ws://127.0.0.1:1'],
    ['BINANCE_SPOT_REST_URL', 'https://api.binance.com/'],
    ['BINANCE_SPOT_WS_URL', 'https://stream.binance.com'],
    ['BINANCE_USDM_REST_URL', 'fapi.binance.com'],
    ['BINANCE_USDM_WS_URL', 'wss://fstream.binance.com?x=1'],
    ['BINANCE_SPOT_WS_API_URL', 'wss://ws-api.binance.com/'],
    ['BINANCE_SPOT_DEMO_REST_URL', 'wss://demo-api.binance.com'],
    ['BINANCE_SPOT_DEMO_WS_API_URL', 'https://demo-ws-api.binance.com'],
    ['BINANCE_SPOT_TESTNET_REST_URL', 'testnet.binance.vision'],
    ['BINANCE_SPOT_TESTNET_WS_API_URL', 'wss://ws-api.testnet.binance.vision#x'],
  ])('reject %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ env: { [name]: value }, envFile: null })).toThrow(new RegExp(`^${name}: expected`));
  });
});

describe('public-data mode (secrets: false)', () => {
  it('does not read API keys even when they are set, nor fail on a bad one', () => {
    const config = loadConfig({ env: { EXECUTION_MODE: 'LIVE', BINANCE_API_KEY: 'has space', BINANCE_API_SECRET: 'abcdef1234' }, envFile: null, secrets: false });
    expect(config.secrets).toEqual(NO_SECRETS);
    expect(secretValues(config)).toEqual([]);
  });
});

describe('EXECUTION_MODE and the keys it reads', () => {
  const ALL_KEYS = {
    BINANCE_API_KEY: `${KEY}p`,
    BINANCE_API_SECRET: `${SECRET}p`,
    BINANCE_DEMO_API_KEY: `${KEY}d`,
    BINANCE_DEMO_API_SECRET: `${SECRET}d`,
    BINANCE_TESTNET_API_KEY: `${KEY}t`,
    BINANCE_TESTNET_API_SECRET: `${SECRET}t`,
  };

  it('is PUBLIC by default, and PUBLIC reads no key at all, not even a malformed one', () => {
    const config = loadConfig({ env: { ...ALL_KEYS, BINANCE_DEMO_API_KEY: 'has space' }, envFile: null });
    expect(config.executionMode).toBe('PUBLIC');
    expect(config.secrets).toEqual(NO_SECRETS);
  });

  it.each([
    ['READ_ONLY_PRIVATE', { binanceApiKey: `${KEY}p`, binanceApiSecret: `${SECRET}p` }],
    ['DRY_RUN_PRIVATE', { binanceApiKey: `${KEY}p`, binanceApiSecret: `${SECRET}p` }],
    ['LIVE', { binanceApiKey: `${KEY}p`, binanceApiSecret: `${SECRET}p` }],
    ['DEMO', { binanceDemoApiKey: `${KEY}d`, binanceDemoApiSecret: `${SECRET}d` }],
    ['TESTNET', { binanceTestnetApiKey: `${KEY}t`, binanceTestnetApiSecret: `${SECRET}t` }],
  ])('%s reads only its own venue pair', (mode, read) => {
    const config = loadConfig({ env: { ...ALL_KEYS, EXECUTION_MODE: mode }, envFile: null });
    expect(config.executionMode).toBe(mode);
    expect(config.secrets).toEqual({ ...NO_SECRETS, ...read });
    expect(secretValues(config)).toEqual(Object.values(read));
  });

  it('rejects an unknown mode naming the variable and the ladder, and reads no key for it', () => {
    const error = loadError({ ...ALL_KEYS, BINANCE_API_KEY: 'has space', EXECUTION_MODE: 'live' });
    expect(error.variables).toEqual(['EXECUTION_MODE']);
    expect(error.message).toBe('EXECUTION_MODE: expected one of PUBLIC, READ_ONLY_PRIVATE, DRY_RUN_PRIVATE, DEMO, TESTNET, LIVE; got "live"');
  });

  it('shows the keys it read as redacted when the config is printed as JSON or inspected', () => {
    const config = loadConfig({ env: { ...ALL_KEYS, EXECUTION_MODE: 'DEMO' }, envFile: null });
    const json = JSON.stringify(config);
    const inspected = inspect(config, { depth: 10 });
    for (const text of [json, inspected]) {
      for (const value of Object.values(ALL_KEYS)) expect(text).not.toContain(value);
    }
    expect(JSON.parse(json).secrets).toEqual({ ...NO_SECRETS, binanceDemoApiKey: '[redacted]', binanceDemoApiSecret: '[redacted]' });
    expect(inspected).toContain("binanceDemoApiKey: '[redacted]'");
  });
});

// `flowdesk record --no-ui` as a user runs it: a real child process (bin/flowdesk.js → dist/), the real
// SDK, endpoints pointed at the loopback exchange through BINANCE_* variables, SIGTERM to stop. What it
// wrote must be valid gzip, replay with `flowdesk replay` with no gap, and hold exactly what was sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { parseExchangeInfo } from '../../src/venue/index.js';
import { DEPTH, INSTRUMENTS, recording, waitFor } from './harness.js';
import { recordingText } from './recorded-files.js';
import { BIN, byStream, endpointEnv, recordedFrames, replay as replayIn, startRecorder as startRecorderIn } from './recorder-process.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running: { child: ChildProcess; ex: LoopbackExchange }[] = [];
afterEach(async () => {
  for (const { child, ex } of running.splice(0)) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await ex.stop();
  }
});

const startRecorder = (args: string[], env: Record<string, string>) => startRecorderIn(dir, args, env);
const replay = (files: string[]) => replayIn(dir, files);

describe.each(['spot', 'usdm'] as const)('flowdesk record --no-ui --product %s', (product) => {
  it('records until SIGTERM, exits 0, and the files replay with no gap and hold every frame sent', async () => {
    // 8,000 messages: more than the smallest --max-file-mb (1), so the files rotate by size.
    const ex = new LoopbackExchange({ product, messages: await recording(product, 8000), instruments: INSTRUMENTS[product], speed: 'max', keepSentFrames: true });
    const address = await ex.start();
    const out = join(dir, `${product}-clean`);
    const rec = startRecorder(
      ['--product', product, '--symbols', 'BTCUSDT', '--out', out, '--depth', DEPTH[product], '--status-every', '1', '--max-file-mb', '1'],
      // Keys in the environment are not even read in this mode: an invalid one would otherwise stop it.
      { ...endpointEnv(product, address.restUrl, address.wsUrl), BINANCE_API_KEY: 'not a valid key', BINANCE_API_SECRET: 'x y' },
    );
    running.push({ child: rec.child, ex });
    await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 20_000);
    // It holds the directory's lock while it records.
    expect(JSON.parse(readFileSync(join(out, '.flowdesk.lock'), 'utf8'))).toMatchObject({ pid: rec.child.pid, command: expect.stringMatching(/^flowdesk record --no-ui --product /) });
    for (let i = 0; i < 32; i++) {
      ex.advance(250);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await waitFor('a status line for a live book', () => /BTCUSDT live mid [0-9.]+ spread [0-9.]+bps imb (BUYING|SELLING|NEUTRAL)/.test(rec.stderr()), 10_000);
    // Everything sent is on disk (the recorder flushes every second) before it is stopped.
    const written = () => readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f));
    await waitFor('every frame sent on disk', () => recordedFrames(written(), true).length >= ex.sentFrames().length, 30_000, 100);
    rec.child.kill('SIGTERM');
    expect(await rec.exited).toBe(0);

    const files = readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).sort().map((f) => join(out, f));
    expect(readdirSync(out).sort()).toEqual(files.map((f) => f.slice(out.length + 1))); // the lock is gone
    expect(files.length).toBeGreaterThan(1); // rotated by size
    expect(rec.stdout().trim().split('\n')).toEqual(files);
    // The exchangeInfo body the session was served is the first message recorded.
    const info = recordingText(files[0] as string).split('\n')[1]?.split('\t') ?? [];
    expect(info.slice(3, 5)).toEqual(['rest', 'exchangeinfo@rest.exchangeInfo']);
    const served = parseExchangeInfo(info.slice(5).join('\t'), product).get('BTCUSDT');
    expect(served).toMatchObject({ symbol: 'BTCUSDT', priceFilter: { tickSize: product === 'spot' ? '0.01000000' : '0.10' }, maxNumOrders: 200 });
    for (const file of files) {
      // Each file notes the receive clock's offset to UTC when it opened (a value that depends on the machine),
      // and the order rules exchangeInfo gave.
      const header = JSON.parse(recordingText(file).split('\n')[0] as string) as { clock?: { source: string; utcOffsetUs: number }; rules?: unknown };
      expect(header.clock?.source).toContain('slewed to the system UTC clock');
      expect(Number.isSafeInteger(header.clock?.utcOffsetUs)).toBe(true);
      expect(header.rules).toEqual([served]);
    }
    // Every frame the exchange sent is recorded once, byte for byte, in the order of its stream (across the
    // rotation). Across streams the order may differ: USD-M streams arrive on two connections.
    expect(byStream(recordedFrames(files))).toEqual(byStream(ex.sentFrames()));
    const { code, report } = await replay(files);
    expect(code).toBe(0);
    expect(report).toMatchObject({ gaps: 0, crossed: 0, bboMismatches: 0, resyncs: 0, malformed: 0, skippedLines: 0 });
    expect((report['symbols'] as { state: string; unitsFrom: string }[])[0]).toMatchObject({ state: 'live', unitsFrom: 'exchangeInfo' });
  });
});

describe('flowdesk record against an endpoint that refuses WebSocket connections', () => {
  it('says when it reconnects on every status line, backs off, and records once the endpoint comes back', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 4000), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    ex.refuseConnections(true);
    const out = join(dir, 'spot-refused');
    const rec = startRecorder(['--product', 'spot', '--symbols', 'BTCUSDT', '--out', out, '--status-every', '1'], endpointEnv('spot', address.restUrl, address.wsUrl));
    running.push({ child: rec.child, ex });
    const statusLines = () => rec.stderr().split('\n').filter((l) => /^\d\d:\d\d:\d\dZ /.test(l));
    await waitFor('three status lines after the first refusal', () => statusLines().filter((l) => l.includes('reconnecting in')).length >= 3, 30_000);
    const lines = statusLines();
    const firstFailure = lines.findIndex((l) => l.includes('reconnecting in'));
    for (const line of lines.slice(firstFailure)) expect(line).toMatch(/^\d\d:\d\d:\d\dZ reconnecting in \d+s \(attempt \d+\) \| BTCUSDT /);
    // Backoff, not a storm: a handful of attempts in these seconds (the SDK alone retried every 500 ms).
    expect(ex.stats().connectionsRefused).toBeLessThanOrEqual(10);
    ex.refuseConnections(false);
    await waitFor('a live connection', () => statusLines().some((l) => / live \| BTCUSDT /.test(l)), 60_000);
    await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
    rec.child.kill('SIGTERM');
    expect(await rec.exited).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.fdr.gz')).map((f) => join(out, f));
    const text = files.map((f) => recordingText(f)).join('');
    expect(text).toMatch(/\{"event":"reconnecting","connection":"main","attempt":2,"retryInMs":\d+\}/);
  });
});

describe('flowdesk record against a REST endpoint that never answers', () => {
  it('says at once what it is trying, then stops cleanly on SIGTERM', async () => {
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const rec = startRecorder(['--product', 'spot', '--symbols', 'BTCUSDT', '--out', join(dir, 'silent')], endpointEnv('spot', `http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}`));
      await waitFor('the first status line', () => rec.stderr().includes('\n'), 20_000);
      expect(rec.stderr().split('\n')[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\dZ connecting to http://127\\.0\\.0\\.1:${port} \\(attempt 1\\) \\| 0\\.0 MB in 0 files$`));
      const stoppedAt = Date.now();
      rec.child.kill('SIGTERM');
      expect(await rec.exited).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(5000); // not held by the request in flight (10 s timeout)
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('flowdesk record failures', () => {
  it('exits non-zero with one clear line when the output directory cannot be created', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 4000), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const rec = startRecorder(['--product', 'spot', '--symbols', 'BTCUSDT', '--out', join(blocker, 'sub')], endpointEnv('spot', address.restUrl, address.wsUrl));
    running.push({ child: rec.child, ex });
    // The directory is created with its lock, before connecting: nothing is fetched.
    const code = await Promise.race([rec.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000))]);
    expect(code).toBe(1);
    expect(rec.said().trim().split('\n')).toEqual([expect.stringMatching(`^flowdesk: cannot create recording directory ${blocker}/sub: ENOTDIR`)]);
    expect(ex.stats().requests).toEqual({});
  });

  it('names an unknown symbol in one line and exits non-zero', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 4000), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    const rec = startRecorder(['--product', 'spot', '--symbols', 'NOPEUSDT', '--out', join(dir, 'nope')], endpointEnv('spot', address.restUrl, address.wsUrl));
    running.push({ child: rec.child, ex });
    expect(await rec.exited).toBe(1);
    expect(rec.said().trim().split('\n')).toHaveLength(1);
    expect(rec.stderr()).toContain('NOPEUSDT');
  });

  it('refuses a bad endpoint variable naming it', async () => {
    const rec = startRecorder(['--product', 'spot', '--out', join(dir, 'x')], { BINANCE_SPOT_WS_URL: 'https://not-a-ws-url' });
    expect(await rec.exited).toBe(2);
    expect(rec.stderr()).toContain('BINANCE_SPOT_WS_URL');
  });
});

describe('flowdesk live', () => {
  it('--no-ui prints status lines for a live book and stops on SIGTERM with exit 0', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 4000), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    const child = spawn(process.execPath, [BIN, 'live', '--no-ui', '--product', 'spot', '--symbols', 'BTCUSDT', '--status-every', '1'], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', FLOWDESK_LOG_LEVEL: 'warn', ...endpointEnv('spot', address.restUrl, address.wsUrl) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    running.push({ child, ex });
    await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3, 20_000);
    for (let i = 0; i < 8; i++) {
      ex.advance(250);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await waitFor('a status line for a live book', () => /BTCUSDT live mid [0-9.]+ spread/.test(err), 10_000);
    expect(err).not.toContain('MB in'); // nothing is recorded
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to open the console without a terminal, before connecting anywhere', async () => {
    const child = spawn(process.execPath, [BIN, 'live', '--product', 'spot'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', BINANCE_SPOT_REST_URL: 'http://127.0.0.1:9', BINANCE_SPOT_WS_URL: 'ws://127.0.0.1:9' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('--no-ui');
  });
});

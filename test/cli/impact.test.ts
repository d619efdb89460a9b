// `flowdesk impact` in-process: the command's run() with a context built as main() builds it, on the
// bundled real spot recording (BTCUSDT, 2024-08-08 23:54 → 2024-08-09 00:05 receive time).
import { PassThrough } from 'node:stream';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatUtcMicros, impactCommand, parseAtTime, type ImpactReport } from '../../src/cli/commands/impact.js';
import { runCommand } from '../../src/cli/command.js';
import type { CommandContext } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config/index.js';
import { FlowdeskError, UsageError } from '../../src/core/index.js';
import { createSilentLogger } from '../../src/log/index.js';
import { SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

interface Run {
  code: number;
  stdout: string;
  warnings: string[];
}

async function impact(args: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  const warnings: string[] = [];
  const config = loadConfig({ env: { FLOWDESK_LOG_LEVEL: 'silent' }, envFile: null, secrets: false });
  const context: CommandContext = {
    io: { stdout, stderr },
    config,
    logger: createSilentLogger(),
    engine: { staleStreamMs: config.staleStreamMs, maxBufferedDiffs: config.maxBufferedDiffs },
    warn: (message) => warnings.push(message),
  };
  const code = await runCommand(impactCommand, args, context);
  return { code, stdout: Buffer.concat(out).toString(), warnings };
}

const AT = '2024-08-09T00:01:00Z';
const AT_US = 1723161660_000000;

function json(run: Run): ImpactReport {
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as ImpactReport;
}

describe('flowdesk impact on the spot fixture at 2024-08-09T00:01:00Z', () => {
  it('buy 5: walks the asks from the best ask; average at or above it', async () => {
    const run = await impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', AT, '--report', 'json']);
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([]);
    const r = json(run);
    for (const key of [
      'at', 'atUs', 'bookTime', 'bookTimeUs', 'lastUpdateId', 'product', 'symbol', 'side', 'bookSide', 'requestedQty', 'filledQty',
      'unfilledQty', 'notional', 'averagePrice', 'levelsConsumed', 'worstPrice', 'touchPrice', 'midPrice', 'slippageVsMidBps',
      'slippageVsTouchBps',
    ]) {
      expect(r).toHaveProperty(key);
    }
    expect(r).toMatchObject({ product: 'spot', symbol: 'BTCUSDT', side: 'buy', bookSide: 'ask', at: '2024-08-09T00:01:00.000000Z', atUs: AT_US });
    expect(r.requestedQty).toBe('5.00000000');
    expect(r.bookTimeUs).toBeLessThanOrEqual(AT_US);
    expect(r.bookTimeUs).toBeGreaterThan(AT_US - 1_000_000); // the stream is busy: the last message is under a second old
    expect(r.levelsConsumed).toBeGreaterThanOrEqual(1);
    expect(new Decimal(r.filledQty).plus(r.unfilledQty).eq('5')).toBe(true);
    const avg = new Decimal(r.averagePrice as string);
    expect(avg.gte(r.touchPrice as string)).toBe(true);
    expect(avg.lte(r.worstPrice as string)).toBe(true);
    expect(new Decimal(r.touchPrice as string).gt(r.midPrice as string)).toBe(true);
    // The average is the notional over the filled quantity, rounded at 1e-8.
    expect(new Decimal(r.notional).minus(avg.times(r.filledQty)).abs().lte(new Decimal('0.5e-8').times(r.filledQty))).toBe(true);
    expect(r.slippageVsTouchBps as number).toBeGreaterThanOrEqual(0);
    expect(r.slippageVsMidBps as number).toBeGreaterThan(0);
  });

  it('sell 5: walks the bids; average at or below the best bid; the same instant as the buy', async () => {
    const [buy, sell] = await Promise.all([
      impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', AT, '--report', 'json']).then(json),
      impact([...SPOT_FILES, '--side', 'sell', '--qty', '5', '--at', AT, '--report', 'json']).then(json),
    ]);
    expect(sell).toMatchObject({ side: 'sell', bookSide: 'bid', requestedQty: '5.00000000' });
    expect(sell.levelsConsumed).toBeGreaterThanOrEqual(1);
    const avg = new Decimal(sell.averagePrice as string);
    expect(avg.lte(sell.touchPrice as string)).toBe(true);
    expect(avg.gte(sell.worstPrice as string)).toBe(true);
    expect(sell.slippageVsMidBps as number).toBeGreaterThan(0);
    // Same book: same update id, same mid, touches on either side of it.
    expect(sell.lastUpdateId).toBe(buy.lastUpdateId);
    expect(sell.bookTimeUs).toBe(buy.bookTimeUs);
    expect(sell.midPrice).toBe(buy.midPrice);
    expect(new Decimal(buy.touchPrice as string).plus(sell.touchPrice as string).div(2).eq(sell.midPrice as string)).toBe(true);
  });

  it('accepts --at as epoch ms or epoch µs with the same result, and prints text by default', async () => {
    const iso = json(await impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', AT, '--report', 'json']));
    const ms = json(await impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', '1723161660000', '--report', 'json']));
    expect(ms).toEqual(iso);
    const text = await impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', '1723161660000000']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('impact: market buy 5.00000000 BTCUSDT (spot) at 2024-08-09T00:01:00.000000Z');
    expect(text.stdout).toContain(`notional  ${iso.notional}`);
    expect(text.stdout).toContain(`average   ${iso.averagePrice}`);
    expect(text.stdout).toMatch(/slippage {2}\+\d+\.\d{3} bps vs mid, \+?\d+\.\d{3} bps vs touch/);
  });

  it('refuses --at outside the recording, naming its span', async () => {
    const span = /spans 2024-08-08T23:54:13\.\d{6}Z to 2024-08-09T00:05:04\.\d{6}Z/;
    for (const at of ['2024-08-08T00:00:00Z', '2024-08-10T00:00:00Z']) {
      const failure = impact([...SPOT_FILES, '--side', 'buy', '--qty', '5', '--at', at]);
      await expect(failure).rejects.toThrow(FlowdeskError);
      await expect(failure).rejects.toThrow(span);
      await expect(failure).rejects.toThrow(/^--at 2024-08-(08|10)T00:00:00\.000000Z is outside the recording/);
    }
  });

  it('refuses a time at which the book is not live yet (before the snapshot)', async () => {
    const failure = impact([...SPOT_FILES, '--side', 'sell', '--qty', '1', '--at', '2024-08-08T23:54:14Z']);
    await expect(failure).rejects.toThrow(FlowdeskError);
    await expect(failure).rejects.toThrow(/BTCUSDT \(spot\) book is not live at 2024-08-08T23:54:14\.000000Z \(state: awaitingSnapshot\)/);
  });

  it('usage errors: bad --side, --qty, --at, --report, missing flags, several books', async () => {
    const cases: [string[], RegExp][] = [
      [['--side', 'hold', '--qty', '5', '--at', AT], /--side must be buy or sell, got "hold"/],
      [['--qty', '5', '--at', AT], /--side buy\|sell is required/],
      [['--side', 'buy', '--at', AT], /--qty Q is required/],
      [['--side', 'buy', '--qty', '5'], /--at TIME is required/],
      [['--side', 'buy', '--qty=-5', '--at', AT], /--qty must be a positive decimal number/],
      [['--side', 'buy', '--qty', '0', '--at', AT], /--qty must be a positive decimal number/],
      [['--side', 'buy', '--qty', '0.000000001', '--at', AT], /--qty: BTCUSDT: quantity "0.000000001" has more than 8 decimal places \(lotSize 0.00000001\)/],
      [['--side', 'buy', '--qty', '5', '--at', 'yesterday'], /--at must be an ISO-8601 UTC time/],
      [['--side', 'buy', '--qty', '5', '--at', AT, '--report', 'xml'], /--report must be json or text/],
      [[...USDM_FILES, '--side', 'buy', '--qty', '5', '--at', AT], /several books \(BTCUSDT \(spot\), BTCUSDT \(usdm\)\); give the files of one product only/],
    ];
    for (const [args, message] of cases) {
      const failure = impact([...SPOT_FILES, ...args]);
      await expect(failure, args.join(' ')).rejects.toThrow(UsageError);
      await expect(failure, args.join(' ')).rejects.toThrow(message);
    }
    await expect(impact(['--side', 'buy', '--qty', '5', '--at', AT])).rejects.toThrow(/no file given/);
  });

  it('says a --symbol the files do not hold is not there, naming what they hold (it never relabels a book)', async () => {
    for (const extra of [[], ['--tick-size', '0.01', '--lot-size', '0.00000001']]) {
      const failure = impact([...SPOT_FILES, '--side', 'buy', '--qty', '1', '--at', AT, '--symbol', 'ETHUSDT', ...extra]);
      await expect(failure).rejects.toThrow(UsageError);
      await expect(failure).rejects.toThrow(/^--symbol ETHUSDT is not in .*btcusdt_20240808\.gz, which holds BTCUSDT$/);
    }
    const named = json(await impact([...SPOT_FILES, '--side', 'buy', '--qty', '1', '--at', AT, '--symbol', 'btcusdt', '--report', 'json']));
    expect(named).toMatchObject({ symbol: 'BTCUSDT', product: 'spot' });
  });
});

describe('--at parsing', () => {
  it('reads ISO-8601 UTC (to the µs), epoch ms and epoch µs', () => {
    expect(parseAtTime('2024-08-09T00:01:00Z')).toBe(AT_US);
    expect(parseAtTime('2024-08-09T00:01Z')).toBe(AT_US);
    expect(parseAtTime('2024-08-09T00:01:00.5Z')).toBe(AT_US + 500_000);
    expect(parseAtTime('2024-08-09T00:01:00.000123Z')).toBe(AT_US + 123);
    expect(parseAtTime('2024-08-09T00:01:00+00:00')).toBe(AT_US);
    expect(parseAtTime('1723161660000')).toBe(AT_US);
    expect(parseAtTime('1723161660000123')).toBe(AT_US + 123);
    for (const bad of ['2024-02-30T00:00:00Z', '2024-08-09T24:00:00Z', '2024-08-09T00:01:00', '2024-08-09T00:01:00+02:00', '2024-08-09', '17231616600', '2024-08-09T00:01:00.1234567Z']) {
      expect(() => parseAtTime(bad), bad).toThrow(UsageError);
    }
  });

  it('formats µs back as ISO-8601 UTC with six fraction digits', () => {
    expect(formatUtcMicros(AT_US + 7)).toBe('2024-08-09T00:01:00.000007Z');
    expect(formatUtcMicros(parseAtTime('2024-08-08T23:54:13.937085Z'))).toBe('2024-08-08T23:54:13.937085Z');
  });
});

// Units from --tick-size / --lot-size must fit the data: a replay refuses them before it starts, naming the
// flag and a price or quantity off their grid, for hftbacktest files and flowdesk recordings alike.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { UsageError } from '../../src/core/index.js';
import type { SourceOverrides } from '../../src/kernel/index.js';
import { SPOT_FILES, USDM_FILES, replayFiles } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-flag-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(files: readonly string[], overrides: SourceOverrides): Promise<UsageError> {
  const failure = await replayFiles(files, undefined, overrides).then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(UsageError);
  return failure as UsageError;
}

describe('units from flags on hftbacktest files', () => {
  it('refuses a tick the prices are not multiples of, naming the flag, a price and the tick that fits', async () => {
    const error = await refusal([SPOT_FILES[0] as string], { tickSize: '0.1' });
    expect(error.message).toMatch(/^--tick-size 0\.1 does not fit .*btcusdt_20240808\.gz: BTCUSDT: price "\d+\.\d+" has more than 1 decimal places \(tickSize 0\.1\); the data's own prices fit --tick-size 0\.01$/);
  });

  it('refuses a tick that is not a divisor of the grid even with as many decimals', async () => {
    const error = await refusal(USDM_FILES, { tickSize: '0.3' });
    expect(error.message).toMatch(/^--tick-size 0\.3 does not fit .*: BTCUSDT: price "\d+\.\d+" is not a multiple of tickSize 0\.3; the data's own prices fit --tick-size 0\.1$/);
  });

  it('refuses a lot the quantities are not multiples of, naming --lot-size', async () => {
    const error = await refusal(USDM_FILES, { lotSize: '0.01' });
    expect(error.message).toMatch(/^--lot-size 0\.01 does not fit .*: BTCUSDT: quantity "\d+\.\d+" has more than 2 decimal places \(lotSize 0\.01\); the data's own quantities fit --lot-size 0\.001$/);
  });

  it('accepts units finer than the data needs, and replays with nothing malformed', async () => {
    const { report } = await replayFiles(USDM_FILES, undefined, { tickSize: '0.01', lotSize: '0.0001' });
    expect(report).toMatchObject({ malformed: 0, gaps: 0 });
    expect(report.symbols[0]).toMatchObject({ unitsFrom: 'flags' });
  });
});

describe('units from flags on a flowdesk recording', () => {
  it('checks them against the recording\'s first messages too, and refuses a --product it contradicts', async () => {
    const out = join(dir, 'converted');
    const sink = new PassThrough().resume();
    expect(await main(['convert', ...USDM_FILES, '--out', out], { stdout: sink, stderr: sink }, { FLOWDESK_LOG_LEVEL: 'silent' })).toBe(0);
    const files = readdirSync(out).map((f) => join(out, f));
    expect((await refusal(files, { product: 'spot' })).message).toMatch(/^--product spot does not fit .*\.fdr\.gz: it is recorded as usdm$/);
    const error = await refusal(files, { tickSize: '1' });
    expect(error.message).toMatch(/^--tick-size 1 does not fit .*\.fdr\.gz: BTCUSDT: price "\d+\.\d+" has more than 0 decimal places \(tickSize 1\); the data's own prices fit --tick-size 0\.1$/);
  });
});

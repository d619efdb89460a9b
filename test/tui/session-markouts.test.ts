// The console's markouts table against `flowdesk markouts`: at the end of a replay of the bundled USD-M
// recording, the table of large trades (fewer than the table's capacity) shows exactly the figures of the
// command's report — the same anchors, the same censoring at the end of the data.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { prepareReplay } from '../../src/kernel/index.js';
import { ConsoleSession } from '../../src/tui/session.js';
import { ENGINE_OPTIONS, USDM_FILES } from '../support/fixtures.js';

const SIZE = { ladderRows: 20, tapeRows: 20, heatmapRows: 10, heatmapColumns: 20 };

async function report(anchors: string): Promise<{ groups: { byHorizon: Record<string, Record<string, number | null>> }[] }> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  const code = await main(['markouts', ...USDM_FILES, '--anchors', anchors, '--report', 'json'], { stdout, stderr: new PassThrough() }, { FLOWDESK_LOG_LEVEL: 'silent' });
  expect(code).toBe(0);
  return JSON.parse(Buffer.concat(out).toString()) as { groups: { byHorizon: Record<string, Record<string, number | null>> }[] };
}

describe('the console\'s markouts table', () => {
  it('shows, at the end of a replay, the figures `flowdesk markouts` reports', async () => {
    const replay = await prepareReplay({ files: USDM_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const session = new ConsoleSession({ kind: 'replay', replay, label: 'usdm' });
    await session.start();
    expect(session.view(SIZE, 0).markouts).toBeUndefined(); // hidden until m
    await session.controller.advanceTo(Number.MAX_SAFE_INTEGER);
    expect(session.controller.finished).toBe(true);
    await session.input('m', {}, 0); // shows the table: after trades
    await session.input('m', {}, 0); // after large trades
    const table = session.view(SIZE, 0).markouts;
    expect(table?.anchor).toBe('large trades');
    const cli = (await report('large-trades')).groups[0]?.byHorizon ?? {};
    expect(table?.anchors).toBeLessThan(table?.capacity ?? 0);
    expect(table?.rows.map((r) => r.horizon)).toEqual(Object.keys(cli));
    for (const row of table?.rows ?? []) {
      const want = cli[row.horizon] ?? {};
      expect([row.n, row.censored], row.horizon).toEqual([want['n'], want['censored']]);
      expect(row.meanBps).toBeCloseTo(want['meanBps'] as number, 3);
      expect(row.medianBps).toBeCloseTo(want['medianBps'] as number, 3);
      expect(row.tStat).toBeCloseTo(want['tStat'] as number, 2);
      expect(row.positivePct / 100).toBeCloseTo(want['positiveShare'] as number, 3);
      expect(row.execMeanBps).toBeCloseTo(want['execMeanBps'] as number, 3);
    }
    expect(table?.rows.at(-1)?.censored).toBeGreaterThan(0); // the end of the data, censored as the command does
  });
});

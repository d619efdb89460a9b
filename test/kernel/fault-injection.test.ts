// Fault injection on the real recordings: damage the stream the way networks do (a lost diff, a bookTicker
// that disagrees, a silent stream, a reconnect) and check that the engine notices exactly once, asks for a
// resync, never calls a wrong book healthy, and, given a fresh snapshot, recovers to the exact book.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineListener, SymbolEngine } from '../../src/kernel/index.js';
import { lotsToQty, ticksToPrice, type FlowEvent } from '../../src/model/index.js';
import { SPOT_FILES, USDM_FILES, fixtureLines, replayFiles } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLines(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
  return path;
}

interface State {
  healthy: boolean;
  key: string;
}

/** Records, per market event, whether the book was healthy and a full-state key (fingerprint + top). */
function recorder(): { states: State[]; notices: FlowEvent[]; listener: PipelineListener } {
  const states: State[] = [];
  const notices: FlowEvent[] = [];
  const listener: PipelineListener = (event, engine) => {
    if (event.kind === 'notice') {
      notices.push(event);
      return;
    }
    if (engine === null) return;
    const book = engine.sync.book;
    states.push({
      healthy: engine.sync.healthy,
      key: `${book.lastUpdateId}|${book.fingerprint.low}|${book.fingerprint.high}|${book.bids.bestTicks()}|${book.asks.bestTicks()}`,
    });
  };
  return { states, notices, listener };
}

/** A REST snapshot line built from an engine's full book (what a fresh GET /depth would have returned). */
function snapshotLine(engine: SymbolEngine, receivePrefix: string): string {
  const inst = engine.instrument;
  const side = (name: 'bids' | 'asks') => {
    const flat = engine.sync.book[name].top(1_000_000);
    const out: [string, string][] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([ticksToPrice(inst, flat[i] as number), lotsToQty(inst, flat[i + 1] as number)]);
    return out;
  };
  return `${receivePrefix} ${JSON.stringify({ lastUpdateId: engine.sync.book.lastUpdateId, bids: side('bids'), asks: side('asks') })}`;
}

const isDiff = (line: string) => line.includes('"e":"depthUpdate"');

describe.each([
  ['spot', SPOT_FILES[0] as string],
  ['usdm', USDM_FILES[0] as string],
] as const)('%s: one dropped diff', (product, file) => {
  const lines = fixtureLines(file);
  const snapshotAt = lines.findIndex((l) => l.includes(' {"lastUpdateId"'));
  const diffIndexes = lines.map((l, i) => (isDiff(l) && i > snapshotAt ? i : -1)).filter((i) => i >= 0);
  const dropAt = diffIndexes[200] as number;
  const resnapAt = diffIndexes[400] as number;

  it('is detected as exactly one gap with one resync request, and the book is never healthy while wrong', async () => {
    const intact = recorder();
    await replayFiles([writeLines(`${product}-intact.gz`, lines)], intact.listener);
    const damaged = recorder();
    const { report } = await replayFiles([writeLines(`${product}-dropped.gz`, lines.filter((_, i) => i !== dropAt))], damaged.listener);

    expect(report.gaps).toBe(1);
    expect(report.resyncs).toBe(1);
    expect(damaged.notices.filter((n) => n.kind === 'notice' && n.notice === 'gapDetected')).toHaveLength(1);
    expect(damaged.notices.filter((n) => n.kind === 'notice' && n.notice === 'resyncRequested')).toHaveLength(1);
    // A healthy book must be exactly the intact book at the same update id. Between the lost diff and the
    // next one nobody can know (the book is right as of its own update id); from the next diff on, the
    // book must never be healthy again (no fresh snapshot in this file).
    const intactById = new Map<string, string>();
    for (const s of intact.states) intactById.set(s.key.split('|')[0] as string, s.key);
    const nextDiffAt = diffIndexes[201] as number; // first diff after the dropped one (index in the intact file)
    let healthyBefore = 0;
    for (let i = 0; i < damaged.states.length; i++) {
      const mine = damaged.states[i] as State;
      if (mine.healthy) expect(mine.key).toBe(intactById.get(mine.key.split('|')[0] as string));
      if (i >= nextDiffAt - 1) expect(mine.healthy).toBe(false);
      if (i < dropAt && mine.healthy) healthyBefore++;
    }
    expect(healthyBefore).toBeGreaterThan(100);
    expect(report.symbols[0]?.state).toBe('resyncing');
  });

  it('recovers to the exact book when a fresh snapshot follows', async () => {
    // Take the intact book at a later diff as the "fresh snapshot" the live path would fetch.
    let snapshot = '';
    let seen = 0;
    await replayFiles([writeLines(`${product}-probe.gz`, lines.slice(0, resnapAt + 1))], (event, engine) => {
      if (engine !== null && event.kind !== 'notice') seen++;
      if (engine !== null && seen === resnapAt + 1) snapshot = snapshotLine(engine, (lines[resnapAt] as string).split(' ')[0] as string);
    });
    expect(snapshot).not.toBe('');
    const damagedLines = lines.filter((_, i) => i !== dropAt);
    damagedLines.splice(resnapAt, 0, snapshot); // resnapAt shifted by the drop: lands right after the diff
    const intact = await replayFiles([writeLines(`${product}-intact2.gz`, lines)]);
    const { report } = await replayFiles([writeLines(`${product}-recovered.gz`, damagedLines)]);
    expect(report).toMatchObject({ gaps: 1, resyncs: 1, snapshots: 2, bboMismatches: 0, crossed: 0 });
    expect(report.symbols[0]?.state).toBe('live');
    const a = intact.replay.pipeline.allEngines()[0]?.sync.book;
    const b = (await replayFiles([writeLines(`${product}-recovered2.gz`, damagedLines)])).replay.pipeline.allEngines()[0]?.sync.book;
    expect(b?.lastUpdateId).toBe(a?.lastUpdateId);
    expect(b?.bids.top(50)).toEqual(a?.bids.top(50));
    expect(b?.asks.top(50)).toEqual(a?.asks.top(50));
  });
});

describe('a bookTicker that disagrees with the book at its update id', () => {
  it('is counted as a mismatch, logged as a notice, and forces a resync', async () => {
    const lines = fixtureLines(SPOT_FILES[0] as string);
    const snapshotAt = lines.findIndex((l) => l.includes(' {"lastUpdateId"'));
    // Find a diff after the snapshot and a bookTicker with the same update id.
    const diffIds = new Set<number>();
    for (let i = snapshotAt; i < lines.length; i++) {
      const m = /"e":"depthUpdate".*"u":(\d+)/.exec(lines[i] as string);
      if (m) diffIds.add(Number(m[1]));
    }
    const tickerAt = lines.findIndex((l, i) => i > snapshotAt + 500 && l.includes('@bookTicker') && diffIds.has(Number(/"u":(\d+)/.exec(l)?.[1])));
    expect(tickerAt).toBeGreaterThan(0);
    const damaged = [...lines];
    damaged[tickerAt] = (lines[tickerAt] as string).replace(/"B":"([0-9.]+)"/, (_, q: string) => `"B":"${(Number(q) + 1).toFixed(8)}"`);
    const rec = recorder();
    const { report } = await replayFiles([writeLines('ticker.gz', damaged)], rec.listener);
    expect(report.bboMismatches).toBe(1);
    expect(report.resyncs).toBe(1);
    expect(rec.notices.some((n) => n.kind === 'notice' && n.notice === 'bboMismatchDetected')).toBe(true);
    expect(report.symbols[0]?.state).toBe('resyncing');
  });
});

describe('a depth stream that goes silent', () => {
  it('is marked stale once and resynced, while other streams keep flowing', async () => {
    const lines = fixtureLines(SPOT_FILES[0] as string);
    const snapshotAt = lines.findIndex((l) => l.includes(' {"lastUpdateId"'));
    const t0 = BigInt((lines[snapshotAt + 100] as string).split(' ')[0] as string);
    const silence = 7_000_000_000n; // 7 s of no depth diffs; trades and tickers continue
    const damaged = lines.filter((l) => {
      const t = BigInt(l.split(' ')[0] as string);
      return !(isDiff(l) && t > t0 && t < t0 + silence);
    });
    const rec = recorder();
    const { report } = await replayFiles([writeLines('silent.gz', damaged)], rec.listener);
    expect(report.stale).toBe(1);
    expect(rec.notices.filter((n) => n.kind === 'notice' && n.notice === 'staleDetected')).toHaveLength(1);
    expect(report.resyncs).toBeGreaterThanOrEqual(1);
    expect(report.symbols[0]?.state).not.toBe('live');
  });
});

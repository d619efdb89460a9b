// Golden replays of the bundled real recordings, checked against an independent reference: a naive book
// built straight from the JSON with decimal strings (no ticks, no flowdesk code), following Binance's
// documented procedure. The digests are pinned: any change in book logic changes them.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { lotsToQty, ticksToPrice } from '../../src/model/index.js';
import type { SymbolEngine } from '../../src/kernel/index.js';
import { QUIET_SPOT_FILES, SPOT_FILES, USDM_FILES, fixtureLines, replayFiles } from '../support/fixtures.js';

const GOLDEN = {
  spot: 'f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d',
  usdm: '85282673ff30957cccb29ea9c09f7c36c2d74c3366878477f6655fba2b03c94b',
  // NEXOUSDT spot, 34 hours of a quiet symbol: the depth stream is often silent for many seconds.
  quiet: 'b0b203e5760a217472b14bab33ee4ed3415a71437811dcc45bfba3914dff1583',
};

interface Diff {
  U: number;
  u: number;
  pu?: number;
  b: [string, string][];
  a: [string, string][];
}

/** A reference book from raw lines: plain maps of normalized decimal strings. */
function referenceReplay(lines: string[], product: 'spot' | 'usdm') {
  const bids = new Map<string, string>();
  const asks = new Map<string, string>();
  const buffered: Diff[] = [];
  let lastId = -1;
  let synced = false;
  let firstApplied = false;
  const stateIds = new Set<number>();
  let tickersAfterSync: number[] = [];
  const set = (side: Map<string, string>, p: string, q: string) => {
    const price = new Decimal(p).toFixed();
    if (new Decimal(q).isZero()) side.delete(price);
    else side.set(price, new Decimal(q).toFixed());
  };
  const apply = (d: Diff) => {
    if (!firstApplied) {
      const ok = product === 'spot' ? d.U <= lastId + 1 && lastId + 1 <= d.u : d.U <= lastId && lastId <= d.u;
      if (!ok) throw new Error('reference: first diff does not span the snapshot');
      firstApplied = true;
    } else {
      const ok = product === 'spot' ? d.U === lastId + 1 : d.pu === lastId;
      if (!ok) throw new Error(`reference: gap at ${d.U}`);
    }
    for (const [p, q] of d.b) set(bids, p, q);
    for (const [p, q] of d.a) set(asks, p, q);
    lastId = d.u;
    stateIds.add(lastId);
  };
  for (const line of lines) {
    const body = JSON.parse(line.slice(line.indexOf(' ') + 1));
    if (body.lastUpdateId !== undefined) {
      for (const [p, q] of body.bids) set(bids, p, q);
      for (const [p, q] of body.asks) set(asks, p, q);
      lastId = body.lastUpdateId;
      stateIds.add(lastId);
      synced = true;
      for (const d of buffered) {
        const old = product === 'spot' ? d.u <= lastId : d.u < lastId;
        if (!old) apply(d);
      }
      continue;
    }
    const data = body.data;
    if (data.e === 'depthUpdate') {
      if (synced) apply(data);
      else buffered.push(data);
    } else if (body.stream.endsWith('@bookTicker') && synced) {
      tickersAfterSync.push(data.u);
    }
  }
  tickersAfterSync = tickersAfterSync.filter((u) => stateIds.has(u));
  const sorted = (m: Map<string, string>, desc: boolean) =>
    [...m.entries()].sort((x, y) => (desc ? -1 : 1) * new Decimal(x[0]).cmp(new Decimal(y[0])));
  return { bids: sorted(bids, true), asks: sorted(asks, false), lastId, expectedChecks: tickersAfterSync.length };
}

function engineLevels(engine: SymbolEngine, side: 'bids' | 'asks'): [string, string][] {
  const flat = engine.sync.book[side].top(1_000_000);
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) {
    out.push([
      new Decimal(ticksToPrice(engine.instrument, flat[i] as number)).toFixed(),
      new Decimal(lotsToQty(engine.instrument, flat[i + 1] as number)).toFixed(),
    ]);
  }
  return out;
}

describe.each([
  ['spot', 'spot', SPOT_FILES, 500],
  ['usdm', 'usdm', USDM_FILES, 500],
  ['quiet', 'spot', QUIET_SPOT_FILES, 10_000],
] as const)('golden replay of the bundled %s recording', (name, product, files, minChecks) => {
  it('has no gaps, crossings or bookTicker mismatches, and is live from the snapshot to the end', async () => {
    let snapshotSeen = false;
    let notLiveAfterSnapshot = 0;
    const { report } = await replayFiles(files, (event, engine) => {
      if (event.kind === 'depthSnapshot') snapshotSeen = true;
      if (snapshotSeen && engine !== null && (engine.sync.state !== 'live' || engine.stale)) notLiveAfterSnapshot++;
    });
    expect(report).toMatchObject({ gaps: 0, crossed: 0, bboMismatches: 0, resyncs: 0, stale: 0, malformed: 0, snapshots: 1 });
    expect(snapshotSeen).toBe(true);
    expect(notLiveAfterSnapshot).toBe(0);
    expect(report.symbols).toHaveLength(1);
    expect(report.symbols[0]?.state).toBe('live');
  });

  it('pins the digest, and two runs agree', async () => {
    const first = await replayFiles(files);
    const second = await replayFiles(files);
    expect(first.report.digest).toBe(second.report.digest);
    expect(first.report.digest).toBe(GOLDEN[name]);
  });

  it('ends with exactly the book an independent decimal-string reference builds', async () => {
    const lines = files.flatMap((f) => fixtureLines(f));
    const reference = referenceReplay(lines, product);
    const { replay, report } = await replayFiles(files);
    const engine = replay.pipeline.allEngines()[0] as SymbolEngine;
    expect(engine.sync.book.lastUpdateId).toBe(reference.lastId);
    expect(engineLevels(engine, 'bids')).toEqual(reference.bids);
    expect(engineLevels(engine, 'asks')).toEqual(reference.asks);
    expect(report.bboChecks).toBe(reference.expectedChecks);
    expect(report.bboChecks).toBeGreaterThan(minChecks);
  });

  it('counts every message of the recording', async () => {
    const lines = files.flatMap((f) => fixtureLines(f));
    const { report } = await replayFiles(files);
    expect(report.events).toBe(lines.length);
    expect(report.depthUpdates + report.trades + report.bookTickers + report.snapshots).toBe(lines.length);
  });
});

describe('several files of one stream', () => {
  it('replay as one continuous stream whatever order they are given in', async () => {
    const inOrder = await replayFiles(SPOT_FILES);
    const reversed = await replayFiles([...SPOT_FILES].reverse());
    expect(reversed.report.digest).toBe(inOrder.report.digest);
    expect(reversed.report.gaps).toBe(0);
  });

  it('of different products merge by receive time into independent books', async () => {
    const { report } = await replayFiles([...SPOT_FILES, ...USDM_FILES]);
    expect(report.symbols.map((s) => `${s.product}:${s.symbol}`)).toEqual(['spot:BTCUSDT', 'usdm:BTCUSDT']);
    expect(report.gaps).toBe(0);
    expect(report.crossed).toBe(0);
    expect(report.bboMismatches).toBe(0);
    // The USD-M file ends 5 minutes before the spot files: the end of its data is not a stale stream.
    expect(report.stale).toBe(0);
    expect(report.resyncs).toBe(0);
    expect(report.symbols.map((s) => s.state)).toEqual(['live', 'live']);
  });
});

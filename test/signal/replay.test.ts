// The signal on the real kernel: the bundled 11-minute spot recording replayed through the pipeline and
// feature engine, the signal reading the kernel's market views at the run's time (z-samples on the run's
// timer, an evaluation at most every 100 ms after market events). With the permissive setting it
// asks for orders; every intent has all gates passing and an edge above its cost; reading changes nothing
// of the replay (the pinned digest); and the same recording gives the same verdicts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attachFeatureEngines, marketViewOf, prepareReplay } from '../../src/kernel/index.js';
import { SignalEngine, type SignalVerdict } from '../../src/signal/index.js';
import { ENGINE_OPTIONS, SPOT_FILES } from '../support/fixtures.js';
import { paramsWith } from './hand-view.js';

/** test/kernel/golden-replay.test.ts's pinned digest of the bundled spot recording. */
const GOLDEN_SPOT_DIGEST = 'f3915a83cb12c512decd1af11b0f9559a9669d804bc69a9ac90915b1a831739d';

/** The permissive setting (the defaults stay conservative). */
const PERMISSIVE = paramsWith({ scoreThreshold: 0, safetyMarginBps: 0, warmupSeconds: 30, adverseSelectionBps: 0, fees: { makerBps: 0.1, takerBps: 0.2 } });

interface Run {
  readonly evaluations: number;
  readonly intents: Record<string, number>;
  readonly rejectedBy: Record<string, number>;
  readonly digest: string;
  readonly verdictsHash: string;
  readonly badIntents: number;
}

async function run(params = PERMISSIVE): Promise<Run> {
  const replay = await prepareReplay({ files: SPOT_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
  const pipeline = replay.pipeline;
  const features = attachFeatureEngines(pipeline);
  const engine = pipeline.allEngines()[0];
  if (engine === undefined) throw new Error('no engine');
  const signal = new SignalEngine(marketViewOf(engine, features.get(engine) ?? null, pipeline.time), params, null, pipeline.time);
  pipeline.time.every(params.baseline.zSampleMs, () => signal.sample());
  const hash = createHash('sha256');
  const intents: Record<string, number> = {};
  const rejectedBy: Record<string, number> = {};
  let evaluations = 0;
  let badIntents = 0;
  let inventory = 0;
  let lastUs = -Infinity;
  pipeline.onEvent((event, e) => {
    if (e !== engine || event.kind === 'notice' || event.kind === 'connection') return;
    const now = pipeline.time.nowUs();
    if (now - lastUs < 100_000) return;
    lastUs = now;
    const v: SignalVerdict = signal.evaluate(inventory);
    evaluations++;
    hash.update(JSON.stringify(v));
    for (const g of v.gates) if (!g.pass) rejectedBy[g.gate] = (rejectedBy[g.gate] ?? 0) + 1;
    if (v.intent === null) return;
    if (!v.gates.every((g) => g.pass) || !((v.alphaBps as number) > (v.costBps as number))) badIntents++;
    const key = `${v.intent.side} ${v.intent.type}`;
    intents[key] = (intents[key] ?? 0) + 1;
    inventory += v.intent.side === 'BUY' ? v.intent.qtyLots : -v.intent.qtyLots;
  });
  await replay.run();
  return { evaluations, intents, rejectedBy, digest: pipeline.finishDigest(), verdictsHash: hash.digest('hex'), badIntents };
}

describe('the signal on the bundled spot recording', () => {
  it('asks for orders with the permissive setting, each with every gate passing and an edge above its cost, and moves nothing', async () => {
    const first = await run();
    expect(first.evaluations).toBeGreaterThan(3000);
    const total = Object.values(first.intents).reduce((a, n) => a + n, 0);
    expect(total).toBeGreaterThan(0);
    // Every intent's gates passed, so a gate that rejects every evaluation would be a bug here.
    for (const rejected of Object.values(first.rejectedBy)) expect(rejected).toBeLessThan(first.evaluations);
    expect(first.badIntents).toBe(0);
    expect(first.digest).toBe(GOLDEN_SPOT_DIGEST);
    const second = await run();
    expect(second.verdictsHash).toBe(first.verdictsHash);
  });

});

#!/usr/bin/env node
// Replay against the decode limit, stage by stage, on the bundled real recordings (spot and USD-M
// BTCUSDT). Each stage adds one layer to the one before:
//   (a) gunzip + line split + JSON.parse only (readFileSync, gunzipSync, split, JSON.parse: the floor)
//   (b) + flowdesk's reader, merge and normalisation to events (integer ticks and lots)
//   (c) + book sync and apply (the whole Pipeline, digest included)
//   (d) + the feature engine
//   (e) + the six detectors
//   (w) (e) with the decode worker: reading and parsing on a second thread (what `flowdesk replay --no-ui`
//       and `flowdesk detect` use); the same digest
// The input is repeated so a stage runs for seconds; stages are interleaved over --rounds rounds and each
// is reported as events/s (median, min–max) and as a ratio of (a). Usage:
//   node bench/replay-stages.mjs [--rounds 3] [--seconds 2] [--json]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { arg, median } from './common.mjs';

const { prepareReplay, attachFeatureEngines, attachDetectors, mergeByReceiveTime, InstrumentRegistry } = await import('../dist/kernel/index.js');
const { parseRawMessage } = await import('../dist/venue/index.js');

const rounds = arg('rounds', 3);
const targetSeconds = arg('seconds', 2);
const engine = { staleStreamMs: 5000, maxBufferedDiffs: 10_000 };

const DATASETS = [
  { name: 'spot', files: ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'] },
  { name: 'usdm', files: ['fixtures/binance/usdm/btcusdt_20240808.gz'] },
];

/** (a): the decode floor. Returns the number of messages. */
function decodeOnly(files) {
  let n = 0;
  for (const file of files) {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const space = line.indexOf(' ');
      JSON.parse(line.slice(space + 1));
      n++;
    }
  }
  return n;
}

/** (b): reader + merge + normalisation, no book. */
async function normaliseOnly(files) {
  const replay = await prepareReplay({ files, overrides: {}, engine, warn: () => {} });
  const registry = new InstrumentRegistry();
  for (const e of replay.pipeline.allEngines()) registry.add(e.instrument);
  const lookup = (product, symbol) => registry.get(product, symbol);
  let n = 0;
  await mergeByReceiveTime(
    replay.sources.map((s) => s.batches),
    (raw) => {
      try {
        parseRawMessage(raw, lookup);
      } catch {
        // malformed: counted as processed, as the pipeline does
      }
      n++;
    },
  );
  return n;
}

/** (c)–(e): the pipeline, with features and detectors as asked. */
async function pipeline(files, { features, detectors, worker = false }) {
  const replay = await prepareReplay({ files, overrides: {}, engine, warn: () => {}, decodeInWorker: worker });
  if (features) attachFeatureEngines(replay.pipeline);
  if (detectors) attachDetectors(replay.pipeline, () => {});
  await replay.run();
  return replay.pipeline.counters.messages;
}

const STAGES = [
  { id: 'a', label: 'gunzip + split + JSON.parse', run: (files) => decodeOnly(files) },
  { id: 'b', label: '+ reader, merge, normalise', run: (files) => normaliseOnly(files) },
  { id: 'c', label: '+ book sync/apply', run: (files) => pipeline(files, { features: false, detectors: false }) },
  { id: 'd', label: '+ feature engine', run: (files) => pipeline(files, { features: true, detectors: false }) },
  { id: 'e', label: '+ detections', run: (files) => pipeline(files, { features: true, detectors: true }) },
  { id: 'w', label: '(e), decode worker', run: (files) => pipeline(files, { features: true, detectors: true, worker: true }) },
];

/** Runs `stage` on `files` repeatedly for about `seconds`; events/s. */
async function rate(stage, files, repeats) {
  const start = performance.now();
  let events = 0;
  for (let i = 0; i < repeats; i++) events += await stage.run(files);
  return events / ((performance.now() - start) / 1000);
}

const results = {};
for (const ds of DATASETS) {
  // Calibrate: how many repeats make the slowest stage (e) last about targetSeconds.
  const t0 = performance.now();
  await STAGES[4].run(ds.files);
  const once = (performance.now() - t0) / 1000;
  const repeats = Math.max(1, Math.round(targetSeconds / once));
  const samples = Object.fromEntries(STAGES.map((s) => [s.id, []]));
  for (let round = 0; round < rounds; round++) {
    for (const stage of STAGES) samples[stage.id].push(await rate(stage, ds.files, stage.id === 'a' ? repeats * 3 : repeats));
  }
  const floor = median(samples.a);
  results[ds.name] = Object.fromEntries(
    STAGES.map((s) => {
      const v = samples[s.id];
      return [s.id, { label: s.label, eventsPerSecond: { median: Math.round(median(v)), min: Math.round(Math.min(...v)), max: Math.round(Math.max(...v)) }, ratioOfA: +(median(v) / floor).toFixed(3) }];
    }),
  );
}

if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
else {
  for (const [name, stages] of Object.entries(results)) {
    console.log(`\n${name}`);
    for (const [id, r] of Object.entries(stages)) {
      const e = r.eventsPerSecond;
      console.log(`  (${id}) ${r.label.padEnd(30)} ${String(e.median).padStart(9)} ev/s  [${e.min}–${e.max}]  ${r.ratioOfA.toFixed(2)}× (a)`);
    }
  }
}

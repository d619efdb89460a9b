#!/usr/bin/env node
// The cost of the simulator: replay with the feature engine, against the same replay with the strategy
// and the simulated exchange attached (kernel attachBacktest: signal, risk gates, order manager,
// SimulatedExchange, SimAccount), on the bundled spot recording, in one thread:
//   (d) the pipeline (reader, book) + the feature engine — replay-stages.mjs's stage (d)
//   (t) (d) + the strategy trading against the simulated exchange, every journal event serialised with
//       JSON.stringify as `flowdesk backtest` writes it (no file I/O, no markouts of fills)
// The strategy is made to trade (permissive settings; the same as the invariant tests' backtests):
// scoreThreshold=0 safetyMarginBps=0 warmupSeconds=30 adverseSelectionBps=0 fees.makerBps=0.1
// fees.takerBps=0.2. Every (t) run must place orders and end with the same journal size, or the bench
// fails. Stages are interleaved over --rounds rounds; events/s (median, min–max) and (t)/(d), target ≥ 0.8.
// --long adds the 34-hour NEXOUSDT recording (fixtures/binance/spot-long). Usage:
//   node bench/backtest-cost.mjs [--rounds 3] [--seconds 2] [--long] [--json]
import { arg, median } from './common.mjs';

const { prepareReplay, attachFeatureEngines, attachBacktest } = await import('../dist/kernel/index.js');
const { loadStrategyConfig } = await import('../dist/cli/strategy-config.js');

const rounds = arg('rounds', 3);
const targetSeconds = arg('seconds', 2);
const engine = { staleStreamMs: 5000, maxBufferedDiffs: 10_000 };
const TARGET = 0.8;
const SETTINGS = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'];
const config = await loadStrategyConfig(undefined, SETTINGS);

const DATASETS = [
  { name: 'spot', files: ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'] },
  ...(process.argv.includes('--long')
    ? [{ name: 'spotLong', files: ['fixtures/binance/spot-long/nexousdt_20240723.dat.gz', 'fixtures/binance/spot-long/nexousdt_20240724.dat.gz', 'fixtures/binance/spot-long/nexousdt_20240725.dat.gz'] }]
    : []),
];

/** (d): the pipeline with the feature engine. */
async function features(files) {
  const replay = await prepareReplay({ files, overrides: {}, engine, warn: () => {} });
  attachFeatureEngines(replay.pipeline);
  await replay.run();
  return { events: replay.pipeline.counters.messages };
}

/** (t): (d) with the strategy and the simulated exchange. */
async function backtest(files) {
  const replay = await prepareReplay({ files, overrides: {}, engine, warn: () => {} });
  const features = attachFeatureEngines(replay.pipeline);
  let journalChars = 0;
  let submits = 0;
  const bt = attachBacktest(
    replay.pipeline,
    { config, models: new Map(), features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol) },
    {
      journal: (event) => {
        journalChars += JSON.stringify(event).length;
      },
      onSubmit: () => submits++,
    },
  );
  await replay.run();
  bt.finish();
  return { events: replay.pipeline.counters.messages, journalChars, submits };
}

const STAGES = [
  { id: 'd', label: 'replay + feature engine', run: features },
  { id: 't', label: '(d) + strategy, simulated exchange', run: backtest },
];

/** Runs `stage` on `files` `repeats` times; events/s and the last run's outcome. */
async function rate(stage, files, repeats) {
  const start = performance.now();
  let events = 0;
  let last = null;
  for (let i = 0; i < repeats; i++) {
    last = await stage.run(files);
    events += last.events;
  }
  return { eventsPerSecond: events / ((performance.now() - start) / 1000), last };
}

const results = { target: TARGET, settings: SETTINGS };
for (const ds of DATASETS) {
  // Calibrate on the slower stage (t): repeats so one sample lasts about targetSeconds.
  const t0 = performance.now();
  const first = await backtest(ds.files);
  const once = (performance.now() - t0) / 1000;
  if (first.submits === 0 && ds.name === 'spot') throw new Error(`${ds.name}: the strategy placed no order: the bench measures nothing`);
  const repeats = Math.max(1, Math.round(targetSeconds / once));
  const samples = { d: [], t: [] };
  for (let round = 0; round < rounds; round++) {
    for (const stage of STAGES) {
      const r = await rate(stage, ds.files, repeats);
      samples[stage.id].push(r.eventsPerSecond);
      if (stage.id === 't' && (r.last.journalChars !== first.journalChars || r.last.submits !== first.submits)) {
        throw new Error(`${ds.name}: a backtest run differs from the first (journal ${r.last.journalChars} vs ${first.journalChars} chars): not deterministic`);
      }
    }
  }
  const stat = (v) => ({ median: Math.round(median(v)), min: Math.round(Math.min(...v)), max: Math.round(Math.max(...v)) });
  results[ds.name] = {
    messages: first.events,
    orders: first.submits,
    journalKB: Math.round(first.journalChars / 1024),
    d: { label: STAGES[0].label, eventsPerSecond: stat(samples.d) },
    t: { label: STAGES[1].label, eventsPerSecond: stat(samples.t) },
    ratio: +(median(samples.t) / median(samples.d)).toFixed(3),
  };
}
results.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
else {
  for (const name of DATASETS.map((d) => d.name)) {
    const r = results[name];
    console.log(`\n${name} (${r.messages} messages, ${r.orders} orders, journal ${r.journalKB} kB)`);
    for (const id of ['d', 't']) {
      const e = r[id].eventsPerSecond;
      console.log(`  (${id}) ${r[id].label.padEnd(36)} ${String(e.median).padStart(9)} ev/s  [${e.min}–${e.max}]`);
    }
    console.log(`  (t)/(d) ${r.ratio}  target ≥ ${TARGET}: ${r.ratio >= TARGET ? 'met' : 'not met'}`);
  }
  console.log(`\npeak RSS of the process ${results.peakRssMB} MB`);
}

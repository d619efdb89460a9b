#!/usr/bin/env node
// Book apply cost against book depth: one side of flowdesk's book holding 1k, 5k and 20k levels takes the
// same stream of level updates (seeded: 60 % size changes of existing levels near the touch, 20 % deletes,
// 20 % inserts at free prices anywhere in the book, so the depth stays put), reading the best price after
// each. Reports ns per level update (median [min–max] of --rounds) and the ratio to 1k levels; a
// logarithmic cost would give at most log(20k)/log(1k) ≈ 1.43 at 20k. Usage:
//   node bench/depth-scaling.mjs [--rounds 5] [--updates 400000] [--json]
import { arg, median } from './common.mjs';
const { OrderBook } = await import('../dist/book/index.js');

const rounds = arg('rounds', 5);
const updates = arg('updates', 400_000);
const DEPTHS = [1_000, 5_000, 20_000];

/** A small seeded generator (xorshift32), so every depth sees an equivalent stream. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** The update stream for a side of `depth` levels at asks 1..2·depth (every other tick filled). */
function stream(depth) {
  const rnd = random(depth * 7919);
  const present = new Set();
  const start = [];
  for (let i = 0; i < depth; i++) {
    const ticks = 1 + 2 * i;
    present.add(ticks);
    start.push(ticks, 1 + Math.floor(rnd() * 1000));
  }
  const ops = new Float64Array(updates * 2);
  const live = [...present];
  for (let k = 0; k < updates; k++) {
    const r = rnd();
    let ticks;
    let lots;
    if (r < 0.6) {
      ticks = live[Math.floor(Math.min(live.length, 200) * rnd())]; // near the touch (the list starts there)
      lots = 1 + Math.floor(rnd() * 1000);
    } else if (r < 0.8) {
      const i = Math.floor(rnd() * live.length);
      ticks = live[i];
      lots = 0;
      live[i] = live[live.length - 1];
      live.pop();
      present.delete(ticks);
    } else {
      do ticks = 1 + Math.floor(rnd() * 2 * depth);
      while (present.has(ticks));
      lots = 1 + Math.floor(rnd() * 1000);
      present.add(ticks);
      live.push(ticks);
    }
    ops[2 * k] = ticks;
    ops[2 * k + 1] = lots;
  }
  return { start, ops };
}

let sink = 0;
function run({ start, ops }) {
  const book = new OrderBook();
  book.loadSnapshot([], start, 0);
  const asks = book.asks;
  const t0 = performance.now();
  for (let k = 0; k < ops.length; k += 2) {
    asks.set(ops[k], ops[k + 1]);
    sink += asks.bestTicks() ?? 0;
  }
  return ((performance.now() - t0) * 1e6) / (ops.length / 2);
}

const streams = DEPTHS.map((d) => stream(d));
const samples = DEPTHS.map(() => []);
for (const s of streams) run(s); // warm-up: compiled code before anything is timed
for (let round = 0; round < rounds; round++) streams.forEach((s, i) => samples[i].push(run(s)));
const base = median(samples[0]);
const result = Object.fromEntries(
  DEPTHS.map((d, i) => [`${d / 1000}k`, { nsPerUpdate: { median: +median(samples[i]).toFixed(1), min: +Math.min(...samples[i]).toFixed(1), max: +Math.max(...samples[i]).toFixed(1) }, ratioTo1k: +(median(samples[i]) / base).toFixed(2) }]),
);
result.logBoundAt20k = +(Math.log(20_000) / Math.log(1_000)).toFixed(2);
if (sink === 0.5) console.log('');

if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nbook apply cost by depth (${updates} level updates per run, ${rounds} rounds)`);
  for (const d of DEPTHS) {
    const r = result[`${d / 1000}k`];
    console.log(`  ${String(d).padStart(6)} levels  ${String(r.nsPerUpdate.median).padStart(7)} ns/update  [${r.nsPerUpdate.min}–${r.nsPerUpdate.max}]  ${r.ratioTo1k.toFixed(2)}× 1k`);
  }
  console.log(`  logarithmic bound at 20k: ${result.logBoundAt20k}×`);
}

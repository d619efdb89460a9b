#!/usr/bin/env node
// flowdesk's order book against two JS peers on the same real diff stream: ccxt's OrderBook (from
// `exchange.orderBook()`) and tardis-dev's OrderBook. They are bench-only packages (bench/package.json,
// installed into bench/node_modules on the first run; never dependencies of flowdesk). The stream is the
// bundled spot BTCUSDT recording: its REST snapshot, then every depth diff after it; after every diff the
// best bid and ask are read, and every 100 ms of receive time the top 20 levels of each side. Inputs are
// decoded once, before timing, into each book's own form (flowdesk: integer ticks and lots; the peers:
// floats, and tardis-dev's level objects). All three must end with the same top 20 levels. Repeated so a
// run lasts seconds; --rounds rounds interleaved; diffs/s median [min–max]. Usage:
//   node bench/book-peers.mjs [--rounds 3] [--seconds 2] [--json]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { arg, ensureBenchPackages, median } from './common.mjs';

const { OrderBook } = await import('../dist/book/index.js');
const { createInstrument, priceToTicks, qtyToLots } = await import('../dist/model/index.js');
ensureBenchPackages();
const require = createRequire(import.meta.url); // resolves bench/node_modules first
const ccxt = require('ccxt');
const tardis = require('tardis-dev');

const rounds = arg('rounds', 3);
const targetSeconds = arg('seconds', 2);
const FILES = ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'];
const inst = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'bench' });

// ---- the stream ----
let snapshot = null;
const diffs = [];
for (const file of FILES) {
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const payload = line.slice(space + 1);
    const timeMs = Number(line.slice(0, space)) / 1e6;
    if (snapshot === null) {
      if (payload.startsWith('{"lastUpdateId"')) snapshot = JSON.parse(payload);
      continue;
    }
    if (!payload.includes('"depthUpdate"')) continue;
    const d = JSON.parse(payload).data;
    if (d.u <= snapshot.lastUpdateId) continue;
    diffs.push({ timeMs, b: d.b, a: d.a });
  }
}
const levelsOf = (list) => list.length;
const levelUpdates = diffs.reduce((n, d) => n + levelsOf(d.b) + levelsOf(d.a), 0);

const flat = (list) => list.flatMap(([p, q]) => [priceToTicks(inst, p), qtyToLots(inst, q)]);
const floats = (list) => list.map(([p, q]) => [Number(p), Number(q)]);
const objects = (list) => list.map(([p, q]) => ({ price: Number(p), amount: Number(q) }));
const input = {
  flowdesk: { snapshot: { bids: flat(snapshot.bids), asks: flat(snapshot.asks) }, diffs: diffs.map((d) => ({ timeMs: d.timeMs, bids: flat(d.b), asks: flat(d.a) })) },
  ccxt: { snapshot: { bids: floats(snapshot.bids), asks: floats(snapshot.asks) }, diffs: diffs.map((d) => ({ timeMs: d.timeMs, bids: floats(d.b), asks: floats(d.a) })) },
  tardis: { snapshot: { bids: objects(snapshot.bids), asks: objects(snapshot.asks) }, diffs: diffs.map((d) => ({ timeMs: d.timeMs, bids: objects(d.b), asks: objects(d.a) })) },
};

// ---- one pass per engine; each returns its final top 20 as [[price, qty], ...] per side (floats) ----
let sink = 0; // keeps reads from being optimised away

function flowdeskPass() {
  const { snapshot: s, diffs: ds } = input.flowdesk;
  const book = new OrderBook();
  book.loadSnapshot(s.bids, s.asks, 0);
  let nextTop = 0;
  for (const d of ds) {
    book.applyLevels(d.bids, d.asks);
    sink += (book.bids.bestTicks() ?? 0) + (book.asks.bestTicks() ?? 0);
    if (d.timeMs >= nextTop) {
      sink += book.bids.top(20).length + book.asks.top(20).length;
      nextTop = d.timeMs + 100;
    }
  }
  const side = (top) => Array.from({ length: top.length / 2 }, (_, i) => [top[2 * i] / 100, top[2 * i + 1] / 1e8]);
  return { bids: side(book.bids.top(20)), asks: side(book.asks.top(20)) };
}

const exchange = new ccxt.binance();
function ccxtPass() {
  const { snapshot: s, diffs: ds } = input.ccxt;
  const book = exchange.orderBook({ bids: s.bids, asks: s.asks });
  let nextTop = 0;
  for (const d of ds) {
    for (const [p, q] of d.bids) book.bids.store(p, q);
    for (const [p, q] of d.asks) book.asks.store(p, q);
    sink += (book.bids[0]?.[0] ?? 0) + (book.asks[0]?.[0] ?? 0);
    if (d.timeMs >= nextTop) {
      sink += book.bids.slice(0, 20).length + book.asks.slice(0, 20).length;
      nextTop = d.timeMs + 100;
    }
  }
  return { bids: book.bids.slice(0, 20).map(([p, q]) => [p, q]), asks: book.asks.slice(0, 20).map(([p, q]) => [p, q]) };
}

function tardisPass() {
  const { snapshot: s, diffs: ds } = input.tardis;
  const book = new tardis.OrderBook();
  const now = new Date(0);
  book.update({ type: 'book_change', symbol: 'BTCUSDT', exchange: 'binance', isSnapshot: true, bids: s.bids, asks: s.asks, timestamp: now, localTimestamp: now });
  let nextTop = 0;
  const top = (it) => {
    const out = [];
    for (const level of it) {
      out.push(level);
      if (out.length === 20) break;
    }
    return out;
  };
  for (const d of ds) {
    book.update({ type: 'book_change', symbol: 'BTCUSDT', exchange: 'binance', isSnapshot: false, bids: d.bids, asks: d.asks, timestamp: now, localTimestamp: now });
    sink += (book.bestBid()?.price ?? 0) + (book.bestAsk()?.price ?? 0);
    if (d.timeMs >= nextTop) {
      sink += top(book.bids()).length + top(book.asks()).length;
      nextTop = d.timeMs + 100;
    }
  }
  return { bids: top(book.bids()).map((l) => [l.price, l.amount]), asks: top(book.asks()).map((l) => [l.price, l.amount]) };
}

const ONLY = process.env.BOOK_PEERS_ONLY;
const ALL_ENGINES = [
  { name: 'flowdesk', pass: flowdeskPass },
  { name: 'ccxt', pass: ccxtPass },
  { name: 'tardis-dev', pass: tardisPass },
];
if (ONLY !== undefined) {
  // profiling aid: run one engine's passes only
  const engine = ALL_ENGINES.find((e) => e.name === ONLY);
  const until = performance.now() + targetSeconds * 1000;
  let passes = 0;
  const start = performance.now();
  while (performance.now() < until) {
    engine.pass();
    passes++;
  }
  console.log(`${ONLY}: ${Math.round((passes * diffs.length) / ((performance.now() - start) / 1000))} diffs/s`);
  process.exit(0);
}
const ENGINES = ALL_ENGINES;

// ---- the same final book ----
const finals = ENGINES.map((e) => ({ name: e.name, top: e.pass() }));
const key = (top) => JSON.stringify({ bids: top.bids.map(([p, q]) => [p.toFixed(2), q.toFixed(8)]), asks: top.asks.map(([p, q]) => [p.toFixed(2), q.toFixed(8)]) });
const reference = key(finals[0].top);
for (const f of finals) {
  if (key(f.top) !== reference) {
    console.error(`${f.name} ends with a different top 20 than flowdesk:\n${key(f.top)}\n${reference}`);
    process.exit(1);
  }
}

// ---- timing ----
const t0 = performance.now();
ccxtPass();
const repeats = Math.max(1, Math.round(targetSeconds / ((performance.now() - t0) / 1000)));
const samples = Object.fromEntries(ENGINES.map((e) => [e.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const e of ENGINES) {
    const start = performance.now();
    for (let i = 0; i < repeats; i++) e.pass();
    samples[e.name].push((diffs.length * repeats) / ((performance.now() - start) / 1000));
  }
}
const result = {
  diffs: diffs.length,
  levelUpdates,
  sameTop20: true,
  engines: Object.fromEntries(ENGINES.map((e) => [e.name, { diffsPerSecond: { median: Math.round(median(samples[e.name])), min: Math.round(Math.min(...samples[e.name])), max: Math.round(Math.max(...samples[e.name])) } }])),
};
const fastestPeer = Math.max(median(samples.ccxt), median(samples['tardis-dev']));
result.flowdeskOverFastestPeer = +(median(samples.flowdesk) / fastestPeer).toFixed(2);
if (sink === 0.5) console.log(''); // never true; uses sink

if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nbook engines: ${diffs.length} real diffs (${levelUpdates} level updates), best bid/ask after each, top 20 every 100 ms; same final top 20: yes`);
  for (const [name, r] of Object.entries(result.engines)) {
    const d = r.diffsPerSecond;
    console.log(`  ${name.padEnd(11)} ${String(d.median).padStart(9)} diffs/s  [${d.min}–${d.max}]`);
  }
  console.log(`  flowdesk / fastest peer: ${result.flowdeskOverFastestPeer}×`);
}

// The run's time in the pipeline: timers run before the message received at their due time, replay step
// targets run what is due up to them while the end of the data runs nothing past it, work an event asks for
// runs after the event, and a live session's timer decisions come back the same in a replay of what it
// received (through its recorded clock marks).
import { describe, expect, it } from 'vitest';
import { EventTimeScheduler, seededRandom } from '../../src/core/index.js';
import { InstrumentRegistry, LiveSession, Pipeline, prepareReplay } from '../../src/kernel/index.js';
import type { RawMessage } from '../../src/model/index.js';
import { decodeHftLine } from '../../src/recording/index.js';
import { LoopbackExchange } from '../../src/loopback/index.js';
import { createBinanceVenue } from '../../src/venue/index.js';
import { DEPTH, FAST_RECONNECT, INSTRUMENTS, recording, waitFor } from '../live/harness.js';
import { ENGINE_OPTIONS, SPOT_FILES, USDM_FILES, fixtureLines } from '../support/fixtures.js';

const SPEC = { product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00000001', source: 'test' } as const;
const MESSAGES: RawMessage[] = fixtureLines(SPOT_FILES[0] as string)
  .slice(0, 3000)
  .map((line, i) => {
    const decoded = decodeHftLine(line, { product: 'spot', snapshotSymbol: 'BTCUSDT' });
    if (typeof decoded === 'string') throw new Error(decoded);
    return { ...decoded, seq: i };
  });

function pipeline(): Pipeline {
  const registry = new InstrumentRegistry();
  registry.add(SPEC);
  return new Pipeline(registry, ENGINE_OPTIONS);
}

describe('the pipeline\'s time', () => {
  it('runs a timer due at a message\'s receive time before that message, and one due 1 µs later after it', () => {
    const p = pipeline();
    const k = MESSAGES.findIndex((m, i) => i > 100 && m.receiveTimeUs > (MESSAGES[i - 1] as RawMessage).receiveTimeUs && m.receiveTimeUs < (MESSAGES[i + 1] as RawMessage).receiveTimeUs);
    const at = (MESSAGES[k] as RawMessage).receiveTimeUs;
    const seen: [string, number, number][] = [];
    p.time.at(at, () => seen.push(['at t', p.counters.messages, p.time.nowUs()]));
    p.time.at(at + 1, () => seen.push(['at t+1µs', p.counters.messages, p.time.nowUs()]));
    for (const m of MESSAGES) p.ingest(m);
    expect(seen).toEqual([
      ['at t', k, at], // messages 0..k−1 handled: the one at t comes after the timer
      ['at t+1µs', k + 1, at + 1],
    ]);
  });

  it('runs what a timer defers right after that timer, before the message that moved the time', () => {
    const p = pipeline();
    const k = 200;
    const at = (MESSAGES[k] as RawMessage).receiveTimeUs;
    const seen: [string, number][] = [];
    p.time.at(at, () => {
      seen.push(['timer', p.counters.messages]);
      p.afterEvent(() => seen.push(['deferred by the timer', p.counters.messages]));
    });
    for (const m of MESSAGES) p.ingest(m);
    const before = MESSAGES.findIndex((m) => m.receiveTimeUs >= at);
    expect(seen).toEqual([
      ['timer', before],
      ['deferred by the timer', before],
    ]);
  });

  it('defers what an event asks for until every listener has seen it, in order', () => {
    const p = pipeline();
    const order: string[] = [];
    p.onEvent((event) => {
      if (event.kind !== 'trade' || order.length > 0) return;
      p.afterEvent(() => order.push('deferred 1'));
      p.afterEvent(() => order.push('deferred 2'));
      order.push('listener 1');
    });
    p.onEvent((event) => {
      if (event.kind === 'trade' && order.length === 1) order.push('listener 2');
    });
    for (const m of MESSAGES) p.ingest(m);
    expect(order).toEqual(['listener 1', 'listener 2', 'deferred 1', 'deferred 2']);
    p.afterEvent(() => order.push('outside an event: at once'));
    expect(order.at(-1)).toBe('outside an event: at once');
  });
});

describe('the replay driver and the run\'s time', () => {
  it('runs the timers due up to a step target, and none past the end of the data', async () => {
    const replay = await prepareReplay({ files: USDM_FILES, overrides: {}, engine: ENGINE_OPTIONS, warn: () => undefined });
    const driver = replay.driver();
    const first = (await driver.nextTimeUs()) as number;
    const fired: number[] = [];
    replay.pipeline.time.at(first + 1_500_000, () => fired.push(replay.pipeline.time.nowUs()));
    await driver.stepTime(1000);
    expect(fired).toEqual([]);
    await driver.stepTime(1000); // the target passes the timer: it runs, at its own time
    expect(fired).toEqual([first + 1_500_000]);
    await driver.runToEnd();
    const last = driver.lastMessageUs as number;
    replay.pipeline.time.at(last + 1, () => fired.push(-1));
    await driver.runUntil(last + 60_000_000);
    expect(fired).toEqual([first + 1_500_000]); // past the end: never ran
  });
});

describe('a live session\'s timers, replayed', () => {
  it('run at the same messages in a replay of what the session received (clock marks included)', async () => {
    const ex = new LoopbackExchange({ product: 'spot', messages: await recording('spot', 3000), instruments: INSTRUMENTS.spot, speed: 'max' });
    const address = await ex.start();
    const clock = new EventTimeScheduler(1_700_000_000_000_000);
    const venue = await createBinanceVenue({ product: 'spot', restUrl: address.restUrl, wsUrl: address.wsUrl, requestTimeoutMs: 1500 });
    const raws: RawMessage[] = [];
    /** Every 700 ms of the run's time: which message had been handled last. */
    const schedule = (p: Pipeline, log: number[]): void => {
      p.time.every(700, () => log.push(p.counters.messages));
    };
    const liveLog: number[] = [];
    const session = new LiveSession(
      { product: 'spot', symbols: ['BTCUSDT'], depthStream: DEPTH.spot, tradeStream: 'trade', snapshotLimit: 1000, engine: ENGINE_OPTIONS, staleCheckMs: 50, reconnect: FAST_RECONNECT },
      { venue, clock, scheduler: clock, random: seededRandom(1) },
      { onRaw: (raw) => raws.push(raw), onPipeline: (p) => schedule(p, liveLog) },
    );
    try {
      await session.start();
      await waitFor('subscription', () => ex.clients().reduce((n, c) => n + c.topics.length, 0) >= 3);
      // Messages arrive in bursts while the session's clock stands; between bursts the clock moves on, and
      // only clock marks tell the run's time that it did.
      for (let i = 0; i < 12; i++) {
        ex.advance(40);
        await waitFor('the burst', () => raws.filter((r) => r.kind === 'ws').length >= ex.sent().frames);
        clock.advance(300);
      }
    } finally {
      await session.stop();
      await ex.stop();
    }
    expect(liveLog.length).toBeGreaterThan(3);
    expect(raws.some((r) => r.payload === '{"event":"clock"}')).toBe(true);
    const registry = new InstrumentRegistry();
    for (const spec of session.instruments) registry.add(spec);
    const replayed = new Pipeline(registry, ENGINE_OPTIONS);
    const replayLog: number[] = [];
    schedule(replayed, replayLog);
    for (const raw of raws) replayed.ingest(raw);
    expect(replayLog).toEqual(liveLog);
  });
});

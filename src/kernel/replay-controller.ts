// kernel/replay-controller: a replay that can be paused, stepped and played at a speed — the engine side
// of the console. The merged messages are read ahead into a bounded buffer by the same merge as headless
// replay; the controller feeds them to the pipeline one at a time, so stepping `n` events processes
// exactly n messages and stepping 100 ms processes exactly the messages whose receive time falls in the
// next 100 ms. The replay clock is the recording's receive time; wall time comes in through play().

import type { RawMessage } from '../model/index.js';
import { mergeByReceiveTime } from './merge.js';
import type { PreparedReplay } from './replay.js';

const READ_AHEAD = 20_000;

export type Speed = number | 'max';

export class ReplayController {
  private readonly buffer: RawMessage[] = [];
  private head = 0;
  private producerDone = false;
  private producerError: unknown = null;
  private roomWaiter: (() => void) | null = null;
  private dataWaiters: (() => void)[] = [];
  private processed = 0;
  private timeUs: number | null = null;
  private firstUs: number | null = null;
  /** Wall and replay times at which the current play() run started. */
  private anchor: { wallUs: number; replayUs: number } | null = null;
  paused = true;
  speed: Speed = 1;

  constructor(private readonly replay: PreparedReplay) {}

  /** Starts reading ahead; resolves once the first message is available (or the input is empty). */
  async start(): Promise<void> {
    void mergeByReceiveTime(
      this.replay.sources.map((s) => s.batches),
      (raw) => this.enqueue(raw),
    ).then(
      () => this.finishProducer(null),
      (error: unknown) => this.finishProducer(error),
    );
    await this.ensure(1);
    const first = this.peek();
    if (first !== null) this.firstUs = first.receiveTimeUs;
  }

  get pipeline(): PreparedReplay['pipeline'] {
    return this.replay.pipeline;
  }

  /** Messages processed so far. */
  get position(): number {
    return this.processed;
  }

  /** Receive time of the last processed message (µs), or null before the first. */
  get nowUs(): number | null {
    return this.timeUs;
  }

  get startUs(): number | null {
    return this.firstUs;
  }

  /** True when every message has been processed. */
  get finished(): boolean {
    return this.producerDone && this.head >= this.buffer.length;
  }

  /** Processes exactly `count` messages (fewer only at the end of the input). */
  async stepEvents(count: number): Promise<number> {
    let done = 0;
    while (done < count) {
      await this.ensure(1);
      if (!this.ingestNext()) break;
      done++;
    }
    return done;
  }

  /** Processes every message with receive time ≤ now + ms (now = the last processed message's time). */
  async stepTime(ms: number): Promise<number> {
    await this.ensure(1);
    const base = this.timeUs ?? this.peek()?.receiveTimeUs ?? 0;
    return this.advanceTo(base + ms * 1000);
  }

  /** Processes every message with receive time ≤ targetUs. */
  async advanceTo(targetUs: number, maxMessages = Number.POSITIVE_INFINITY): Promise<number> {
    let done = 0;
    while (done < maxMessages) {
      await this.ensure(1);
      const next = this.peek();
      if (next === null || next.receiveTimeUs > targetUs) break;
      this.ingestNext();
      done++;
    }
    if (done < maxMessages && (this.timeUs === null || this.timeUs < targetUs)) this.timeUs = targetUs;
    return done;
  }

  /** Starts or resumes playing from the current replay time at `wallUs`. */
  resume(wallUs: number): void {
    this.paused = false;
    this.anchor = { wallUs, replayUs: this.timeUs ?? this.firstUs ?? 0 };
  }

  pause(): void {
    this.paused = true;
    this.anchor = null;
  }

  setSpeed(speed: Speed, wallUs: number): void {
    this.speed = speed;
    if (!this.paused) this.resume(wallUs);
  }

  /**
   * While playing, processes what the replay clock has reached at `wallUs` (replay time advances at
   * `speed` × wall time), at most `maxMessages` per call so a caller can keep its frame rate.
   */
  async play(wallUs: number, maxMessages: number): Promise<number> {
    if (this.paused || this.anchor === null) return 0;
    if (this.speed === 'max') return this.stepEvents(maxMessages);
    const target = this.anchor.replayUs + (wallUs - this.anchor.wallUs) * this.speed;
    const done = await this.advanceTo(target, maxMessages);
    if (done >= maxMessages) this.anchor = { wallUs, replayUs: this.timeUs ?? target }; // fell behind: do not try to catch up in a burst
    return done;
  }

  private ingestNext(): boolean {
    if (this.producerError !== null) throw this.producerError;
    const raw = this.head < this.buffer.length ? (this.buffer[this.head] as RawMessage) : null;
    if (raw === null) return false;
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
    this.replay.pipeline.ingest(raw);
    this.processed++;
    this.timeUs = raw.receiveTimeUs;
    if (this.roomWaiter !== null && this.buffer.length - this.head < READ_AHEAD / 2) {
      const wake = this.roomWaiter;
      this.roomWaiter = null;
      wake();
    }
    return true;
  }

  private peek(): RawMessage | null {
    return this.head < this.buffer.length ? (this.buffer[this.head] as RawMessage) : null;
  }

  private enqueue(raw: RawMessage): Promise<void> | void {
    this.buffer.push(raw);
    const waiters = this.dataWaiters;
    if (waiters.length > 0) {
      this.dataWaiters = [];
      for (const wake of waiters) wake();
    }
    if (this.buffer.length - this.head < READ_AHEAD) return;
    return new Promise<void>((resolve) => {
      this.roomWaiter = resolve;
    });
  }

  private finishProducer(error: unknown): void {
    this.producerDone = true;
    this.producerError = error;
    for (const wake of this.dataWaiters) wake();
    this.dataWaiters = [];
  }

  private async ensure(count: number): Promise<void> {
    while (this.buffer.length - this.head < count && !this.producerDone) {
      await new Promise<void>((resolve) => this.dataWaiters.push(resolve));
    }
    if (this.producerError !== null) throw this.producerError;
  }
}

// kernel/replay-controller: a replay played at a speed — the engine side of the console. Pausing, stepping
// n events, stepping 100 ms of receive time and jumping are the replay driver's (replay-driver.ts, the same
// driver as a headless replay, so the console passes through the same states); this adds the pacing: the
// replay clock is the recording's receive time, and wall time comes in through play().

import type { ReplayDriver } from './replay-driver.js';
import type { PreparedReplay } from './replay.js';

export type Speed = number | 'max';

export class ReplayController {
  private readonly driver: ReplayDriver;
  private firstUs: number | null = null;
  /** Wall and replay times at which the current play() run started. */
  private anchor: { wallUs: number; replayUs: number } | null = null;
  paused = true;
  speed: Speed = 1;

  constructor(private readonly replay: PreparedReplay) {
    this.driver = replay.driver();
  }

  /** Starts reading; resolves once the first message is available (or the input is empty). */
  async start(): Promise<void> {
    this.firstUs = await this.driver.nextTimeUs();
  }

  get pipeline(): PreparedReplay['pipeline'] {
    return this.replay.pipeline;
  }

  /** Messages processed so far. */
  get position(): number {
    return this.driver.position;
  }

  /** The replay clock (µs): receive time of the last processed message or the time a step reached; null before the first. */
  get nowUs(): number | null {
    return this.driver.nowUs;
  }

  get startUs(): number | null {
    return this.firstUs;
  }

  /** True when every message has been processed. */
  get finished(): boolean {
    return this.driver.finished;
  }

  /** Processes exactly `count` messages (fewer only at the end of the input). */
  stepEvents(count: number): Promise<number> {
    return this.driver.stepEvents(count);
  }

  /** Processes every message with receive time ≤ now + ms (now = the replay clock). */
  stepTime(ms: number): Promise<number> {
    return this.driver.stepTime(ms);
  }

  /** Processes every message with receive time ≤ targetUs (at most `maxMessages`). */
  advanceTo(targetUs: number, maxMessages = Number.POSITIVE_INFINITY): Promise<number> {
    return this.driver.runUntil(targetUs, maxMessages);
  }

  /** Starts or resumes playing from the current replay time at `wallUs`. */
  resume(wallUs: number): void {
    this.paused = false;
    this.anchor = { wallUs, replayUs: this.driver.nowUs ?? this.firstUs ?? 0 };
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
    if (done >= maxMessages) this.anchor = { wallUs, replayUs: this.driver.nowUs ?? target }; // fell behind: do not try to catch up in a burst
    return done;
  }
}

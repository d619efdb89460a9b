// cli/live-perf: latency of the live path, measured in the live process when FLOWDESK_PERF_OUT names a file
// (bench/live-latency.mjs sets it): for every market event, receive → book applied (the first pipeline
// listener: the engine has applied the event) and receive → features updated (the last listener: the
// feature engine, and in the console the detectors and histories, have seen it), the receive time being
// the system clock's reading when the frame's text arrived (both ends read the same clock). Also the
// event-loop lag and the events later than 5 ms. Written as JSON when the command stops.

import { writeFileSync } from 'node:fs';
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';
import type { FlowEvent } from '../model/index.js';

const LATE_US = 5_000;

function summary(h: RecordableHistogram): { p50: number; p99: number; max: number } | null {
  if (h.count === 0) return null;
  return { p50: h.percentile(50), p99: h.percentile(99), max: h.max };
}

export class LivePerf {
  private readonly bookUs = createHistogram();
  private readonly featuresUs = createHistogram();
  private readonly lag = monitorEventLoopDelay({ resolution: 1 });
  private late = 0;
  private startCpu = process.cpuUsage();
  private startWall = performance.now();

  constructor(
    private readonly out: string,
    private readonly nowUs: () => number,
  ) {
    this.lag.enable();
  }

  /** The first listener: the book has applied the event. */
  bookApplied(event: FlowEvent): void {
    if (event.kind === 'notice' || event.kind === 'connection') return;
    this.bookUs.record(Math.max(1, Math.round(this.nowUs() - event.receiveTimeUs)));
  }

  /** The last listener: every consumer has seen the event. */
  featuresUpdated(event: FlowEvent): void {
    if (event.kind === 'notice' || event.kind === 'connection') return;
    const us = Math.max(1, Math.round(this.nowUs() - event.receiveTimeUs));
    this.featuresUs.record(us);
    if (us > LATE_US) this.late++;
  }

  write(extra: Record<string, unknown>): void {
    const cpu = process.cpuUsage(this.startCpu);
    const seconds = (performance.now() - this.startWall) / 1000;
    writeFileSync(
      this.out,
      JSON.stringify({
        events: this.featuresUs.count,
        receiveToBookUs: summary(this.bookUs),
        receiveToFeaturesUs: summary(this.featuresUs),
        laterThan5ms: this.late,
        eventLoopLagP99Ms: this.lag.count === 0 ? null : this.lag.percentile(99) / 1e6,
        eventLoopLagMaxMs: this.lag.count === 0 ? null : this.lag.max / 1e6,
        processCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
        ...extra,
      }),
    );
  }
}

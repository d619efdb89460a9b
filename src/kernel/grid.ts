// kernel/grid: a replay sampled on a time grid — the replay is run to each boundary of a grid of receive
// time in turn, and the caller reads the state after every message received up to that boundary (feature
// rows, research samples). The grid is aligned to multiples of the interval; the last boundary is the
// first at or after the last message.

import type { ReplayDriver } from './replay-driver.js';

export async function runOnGrid(driver: ReplayDriver, intervalUs: number, onBoundary: (boundaryUs: number) => Promise<void> | void): Promise<void> {
  if (!(intervalUs > 0)) throw new RangeError(`a grid needs an interval above 0 µs, got ${intervalUs}`);
  const firstUs = await driver.nextTimeUs();
  if (firstUs === null) return;
  let boundaryUs = Math.ceil(firstUs / intervalUs) * intervalUs;
  for (;;) {
    await driver.runUntil(boundaryUs);
    if (driver.finished) break;
    await onBoundary(boundaryUs);
    boundaryUs += intervalUs;
  }
  const lastBoundaryUs = Math.ceil((driver.lastMessageUs as number) / intervalUs) * intervalUs;
  for (; boundaryUs <= lastBoundaryUs; boundaryUs += intervalUs) await onBoundary(boundaryUs);
}

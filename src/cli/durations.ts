// cli/durations: whole durations on the command line ("250ms", "10s", "4m", "6h") and their labels in
// reports. Parsing throws config's InvalidOptionValue, so a bad value is one usage line naming the option.

import { InvalidOptionValue } from '../config/index.js';

const UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A whole number and one of ms, s, m, h → ms, within [minMs, maxMs]. */
export function parseDuration(text: string, minMs: number, maxMs: number): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new InvalidOptionValue('a whole number and one of ms, s, m, h');
  const ms = Number(match[1]) * UNITS_MS[match[2] as keyof typeof UNITS_MS];
  if (ms < minMs || ms > maxMs) throw new InvalidOptionValue(`out of range: ${durationLabel(minMs)} to ${durationLabel(maxMs)}`);
  return ms;
}

/** ms in the largest unit that divides it: 10000 → "10s", 5400000 → "90m", 1500 → "1500ms". */
export function durationLabel(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** A span for people: "10m 51s", "34h 12m", "850ms". */
export function spanText(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${sec}s`;
  return `${sec}s`;
}

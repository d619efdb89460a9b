// features/markouts/horizons: markout horizons — their defaults, their labels ("250ms", "1s", "2m") and
// the parsing of a list such as "250ms,1s,5s". Whole numbers of ms, s or m, from 1 ms to 60 m.

/** 250 ms, 500 ms, 1 s, 3 s, 5 s, 10 s. */
export const DEFAULT_HORIZONS_MS: readonly number[] = [250, 500, 1000, 3000, 5000, 10_000];

export const MAX_HORIZON_MS = 3_600_000;
export const MAX_HORIZONS = 20;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** The shortest exact label: 60000 → "1m", 3000 → "3s", 250 → "250ms". */
export function horizonLabel(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * "250ms,1s,3s" → [250, 1000, 3000], ascending. Throws a RangeError saying what is wrong: a term that is
 * not a whole number of ms, s or m, a horizon outside 1 ms … 60 m, the same horizon twice ("1s,1000ms"),
 * or more than MAX_HORIZONS.
 */
export function parseHorizons(text: string): number[] {
  const terms = text.split(',').map((t) => t.trim());
  if (terms.some((t) => t === '')) throw new RangeError('a comma-separated list of durations such as 250ms,1s,5s (an empty item)');
  if (terms.length > MAX_HORIZONS) throw new RangeError(`at most ${MAX_HORIZONS} horizons`);
  const out: number[] = [];
  for (const term of terms) {
    const match = /^(\d+)(ms|s|m)$/.exec(term);
    if (match === null) throw new RangeError(`"${term}" is not a whole number of ms, s or m`);
    const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (ms < 1 || ms > MAX_HORIZON_MS) throw new RangeError(`${term} is outside 1ms … 60m`);
    if (out.includes(ms)) throw new RangeError(`${horizonLabel(ms)} is given twice`);
    out.push(ms);
  }
  return out.sort((a, b) => a - b);
}

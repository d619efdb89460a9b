// cli/signals-report: what `flowdesk signals` counts and reports — evaluations, intents by side and order
// type, evaluations rejected per gate, and per horizon the intents' markouts: mid and executable means and
// the mean of (mid markout − the intent's costBps), the net edge. JSON: one object on one line; table: text.

import { horizonLabel, type MarkoutRow } from '../features/index.js';
import type { DecisionIntent } from '../model/index.js';

/** Σ over scored evaluations of one horizon: for the slope through the origin and the correlation. */
interface FitSums {
  n: number;
  s: number;
  m: number;
  ss: number;
  mm: number;
  sm: number;
}

interface HorizonSums {
  n: number;
  censored: number;
  mid: number;
  exec: number;
  net: number;
}

type ByType = { LIMIT_MAKER: number; LIMIT_IOC: number };

export class SignalsTally {
  private evaluationCount = 0;
  private readonly rejected = new Map<string, number>();
  private readonly intents: { BUY: ByType; SELL: ByType } = { BUY: { LIMIT_MAKER: 0, LIMIT_IOC: 0 }, SELL: { LIMIT_MAKER: 0, LIMIT_IOC: 0 } };
  private readonly horizons: HorizonSums[];
  private readonly fits: FitSums[];

  constructor(readonly horizonsMs: readonly number[]) {
    this.horizons = horizonsMs.map(() => ({ n: 0, censored: 0, mid: 0, exec: 0, net: 0 }));
    this.fits = horizonsMs.map(() => ({ n: 0, s: 0, m: 0, ss: 0, mm: 0, sm: 0 }));
  }

  /** One evaluation's markout (towards the side it evaluated) with its score. */
  scored(row: MarkoutRow, score: number): void {
    row.midBps.forEach((m, k) => {
      if (m === null || m === undefined) return;
      const f = this.fits[k] as FitSums;
      f.n++;
      f.s += score;
      f.m += m;
      f.ss += score * score;
      f.mm += m * m;
      f.sm += score * m;
    });
  }

  intent(intent: DecisionIntent): void {
    this.intents[intent.side][intent.type]++;
  }

  /** One intent's markout row, with the intent's estimated cost (bps). */
  markout(row: MarkoutRow, costBps: number): void {
    row.midBps.forEach((mid, k) => {
      const h = this.horizons[k] as HorizonSums;
      const exec = row.execBps[k];
      if (mid === null || mid === undefined || exec === null || exec === undefined) {
        h.censored++;
        return;
      }
      h.n++;
      h.mid += mid;
      h.exec += exec;
      h.net += mid - costBps;
    });
  }

  /** A symbol's evaluation counters. */
  evaluations(count: number, rejectedBy: ReadonlyMap<string, number>): void {
    this.evaluationCount += count;
    for (const [gate, n] of rejectedBy) this.rejected.set(gate, (this.rejected.get(gate) ?? 0) + n);
  }

  summary() {
    const total = this.intents.BUY.LIMIT_MAKER + this.intents.BUY.LIMIT_IOC + this.intents.SELL.LIMIT_MAKER + this.intents.SELL.LIMIT_IOC;
    const mean = (sum: number, n: number): number | null => (n === 0 ? null : round(sum / n));
    return {
      evaluations: this.evaluationCount,
      intents: { total, BUY: { ...this.intents.BUY }, SELL: { ...this.intents.SELL } },
      rejectedBy: Object.fromEntries([...this.rejected].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))),
      markouts: Object.fromEntries(
        this.horizonsMs.map((ms, k) => {
          const h = this.horizons[k] as HorizonSums;
          return [horizonLabel(ms), { n: h.n, censored: h.censored, meanBps: mean(h.mid, h.n), execMeanBps: mean(h.exec, h.n), netMeanBps: mean(h.net, h.n) }];
        }),
      ),
      scoreFit: Object.fromEntries(this.horizonsMs.map((ms, k) => [horizonLabel(ms), fitOf(this.fits[k] as FitSums)])),
    };
  }
}

/**
 * The relation of score to markout over every scored evaluation: the slope through the origin (bps of
 * markout per unit of score: what alpha.bpsPerScore maps) and the correlation; null without dispersion.
 */
function fitOf(f: FitSums): { n: number; bpsPerScore: number | null; correlation: number | null } {
  const slope = f.ss === 0 ? null : round(f.sm / f.ss);
  const vs = f.n * f.ss - f.s * f.s;
  const vm = f.n * f.mm - f.m * f.m;
  const correlation = f.n < 2 || vs <= 0 || vm <= 0 ? null : round((f.n * f.sm - f.s * f.m) / Math.sqrt(vs * vm));
  return { n: f.n, bpsPerScore: slope, correlation };
}

/** 6 significant digits: a report, not a ledger. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}

export function signalsReportJson(tally: SignalsTally, digest: string, journal: string | null): string {
  return JSON.stringify({ ...tally.summary(), digest, journal });
}

export function signalsReportTable(tally: SignalsTally, digest: string, journal: string | null): string {
  const s = tally.summary();
  const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
  const sig = (x: number | null): string => (x === null ? '—' : x.toPrecision(3));
  const lines = [
    `evaluations ${s.evaluations}, intents ${s.intents.total} (BUY: ${s.intents.BUY.LIMIT_MAKER} LIMIT_MAKER, ${s.intents.BUY.LIMIT_IOC} LIMIT_IOC; SELL: ${s.intents.SELL.LIMIT_MAKER} LIMIT_MAKER, ${s.intents.SELL.LIMIT_IOC} LIMIT_IOC)`,
    '',
    'rejected by (evaluations in which the gate failed):',
    ...Object.entries(s.rejectedBy).map(([gate, n]) => `  ${gate.padEnd(18)} ${String(n).padStart(9)}  ${s.evaluations === 0 ? '' : `${((100 * n) / s.evaluations).toFixed(1)} %`}`),
    '',
    'intent markouts, bps (net = mid − estimated cost):',
    `  ${'horizon'.padEnd(8)} ${'n'.padStart(6)} ${'censored'.padStart(8)} ${'mid'.padStart(8)} ${'exec'.padStart(8)} ${'net'.padStart(8)}`,
    ...Object.entries(s.markouts).map(
      ([h, m]) => `  ${h.padEnd(8)} ${String(m.n).padStart(6)} ${String(m.censored).padStart(8)} ${fmt(m.meanBps).padStart(8)} ${fmt(m.execMeanBps).padStart(8)} ${fmt(m.netMeanBps).padStart(8)}`,
    ),
    '',
    'score against markout, every scored evaluation (bps per unit of score: alpha.bpsPerScore; correlation):',
    ...Object.entries(s.scoreFit).map(([h, f]) => `  ${h.padEnd(8)} ${String(f.n).padStart(6)} ${sig(f.bpsPerScore).padStart(10)} ${sig(f.correlation).padStart(10)}`),
    '',
    `journal ${journal ?? '(not written: --out FILE)'}, sha256 ${digest}`,
  ];
  return lines.join('\n');
}

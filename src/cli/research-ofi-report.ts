// cli/research-ofi-report: the report of `flowdesk research ofi` — one JSON object on one line, or a
// readable table — from research's OFI tables. Every float is rounded to 6 significant digits (the table
// shows 4); a figure that does not exist is null (JSON) or "-" (table) with its note. Same tables → same
// bytes.

import { durationLabel } from './durations.js';
import type { OfiFit, OfiTable, R2Fit } from '../research/index.js';

export interface SymbolTable {
  readonly product: string;
  readonly symbol: string;
  readonly table: OfiTable;
}

export interface OfiReportInput {
  readonly intervalMs: number;
  readonly subsampleMs: number;
  readonly mlofiLevels: number;
  readonly symbols: readonly SymbolTable[];
}


/** Integers as they are; other numbers to 6 significant digits; NaN or ±Infinity (never expected) as null. */
function rounded(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  return Number(value.toPrecision(6));
}

const withNote = <T extends object>(fields: T, note: string | undefined): T & { note?: string } => (note === undefined ? fields : { ...fields, note });

function fitJson(fit: OfiFit) {
  return withNote({ n: fit.n, alpha: fit.alpha, beta: fit.beta, tBeta: fit.tBeta, r2: fit.r2 }, fit.note);
}

const r2Json = (fit: R2Fit) => withNote({ r2: fit.r2 }, fit.note);

export function ofiReportJson(input: OfiReportInput): string {
  const report = {
    study: 'ofi',
    interval: durationLabel(input.intervalMs),
    subsample: durationLabel(input.subsampleMs),
    units: { dMid: 'ticks', ofi: 'base units', depth: 'base units' },
    mlofiLevels: input.mlofiLevels,
    symbols: input.symbols.map(({ product, symbol, table: t }) => ({
      symbol,
      product,
      intervals: { used: t.used, dropped: t.dropped },
      avgDepth: t.avgDepth,
      all: fitJson(t.all),
      mlofi: r2Json(t.mlofi),
      tfi: r2Json(t.tfi),
      tradeImbalance: r2Json(t.tradeImbalance),
      subsampleMeans: t.windowMeans,
      depthImpact: withNote({ windows: t.depthImpact.windows, c: t.depthImpact.c, alpha: t.depthImpact.alpha, r2: t.depthImpact.r2 }, t.depthImpact.note),
      subsamples: t.windows.map((w) => ({
        startMs: w.startMs,
        endMs: w.endMs,
        intervals: { used: w.ofi.n, dropped: w.dropped },
        avgDepth: w.avgDepth,
        ofi: fitJson(w.ofi),
        mlofi: r2Json(w.mlofi),
        tfi: r2Json(w.tfi),
        tradeImbalance: r2Json(w.tradeImbalance),
      })),
    })),
  };
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' ? rounded(value) : value));
}

/** 4 significant digits; "-" for a missing figure. */
function cell(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** "2024-08-08 23:30" (seconds when the windows need them). */
function timeText(ms: number, withDate: boolean, seconds: boolean): string {
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, seconds ? 19 : 16);
  return withDate ? `${iso.slice(0, 10)} ${time}` : time;
}

const HEAD = ['window (UTC)', 'n', 'dropped', 'α', 'β', 't(β)', 'R²', 'R² MLOFI', 'R² TFI', 'R² TI', 'depth'];

export function ofiReportTable(input: OfiReportInput): string {
  const interval = durationLabel(input.intervalMs);
  const seconds = input.subsampleMs % 60_000 !== 0;
  const out: string[] = [
    `OFI price impact: Δmid (ticks) on touch OFI (base units) over ${interval} intervals, per ${durationLabel(input.subsampleMs)} window.`,
    `R² MLOFI: on OFI levels 1-${input.mlofiLevels}; R² TFI: on (buy − sell)/(buy + sell); R² TI: on buy − sell volume; depth: mean (bid + ask)/2 at the touch.`,
  ];
  for (const { product, symbol, table: t } of input.symbols) {
    const notes: string[] = [];
    const row = (label: string, n: number, dropped: number, f: OfiFit, m: R2Fit, tfi: R2Fit, ti: R2Fit, depth: number | null): string[] => {
      for (const [what, fit] of [['', f], ['MLOFI: ', m], ['TFI: ', tfi], ['TI: ', ti]] as const) if (fit.note !== undefined) notes.push(`${label}: ${what}${fit.note}`);
      return [label, String(n), String(dropped), cell(f.alpha), cell(f.beta), cell(f.tBeta), cell(f.r2), cell(m.r2), cell(tfi.r2), cell(ti.r2), cell(depth)];
    };
    const rows = [HEAD, row('all', t.used, t.dropped, t.all, t.mlofi, t.tfi, t.tradeImbalance, t.avgDepth)];
    for (const w of t.windows) {
      const label = `${timeText(w.startMs, true, seconds)}–${timeText(w.endMs, false, seconds)}`;
      rows.push(row(label, w.ofi.n, w.dropped, w.ofi, w.mlofi, w.tfi, w.tradeImbalance, w.avgDepth));
    }
    const m = t.windowMeans;
    rows.push([`mean of ${m.windows} window${m.windows === 1 ? '' : 's'}`, '', '', '', '', '', cell(m.r2), cell(m.mlofiR2), cell(m.tfiR2), cell(m.tradeImbalanceR2), '']);
    const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
    out.push('', `${symbol} ${product}: ${t.used} intervals used, ${t.dropped} dropped (book not healthy throughout)`);
    for (const r of rows) out.push(r.map((v, c) => (c === 0 ? v.padEnd(widths[c] as number) : v.padStart(widths[c] as number))).join('  ').trimEnd());
    const d = t.depthImpact;
    if (d.c === null) out.push(`β vs 1/depth: ${d.note ?? '-'}`);
    else {
      const fit = `β = ${cell(d.alpha)} ${d.c < 0 ? '−' : '+'} ${cell(Math.abs(d.c))}/depth`;
      out.push(`β vs 1/depth over ${d.windows} windows: ${fit}, R² ${cell(d.r2)}${d.note === undefined ? '' : ` (${d.note})`}`);
    }
    for (const note of notes) out.push(`note: ${note}`);
  }
  return out.join('\n');
}

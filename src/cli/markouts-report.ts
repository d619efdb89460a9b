// cli/markouts-report: how `flowdesk markouts` writes what it measured — the rows CSV (one line per anchor),
// the JSON report and the readable table. Pure functions of rows and summaries; numbers in fixed forms, so
// the same input gives the same bytes.

import { formatNumber, horizonLabel, type AnchorKind, type MarkoutGroup, type MarkoutRow, type MarkoutSummary } from '../features/index.js';
import { formatScaled } from '../core/index.js';
import { ticksToPrice, type Instrument } from '../model/index.js';

/** What the CSV and the report call a symbol: "BTCUSDT", or "usdm:BTCUSDT" when the run holds it on two products. */
export type SymbolNamer = (inst: Instrument) => string;

export function symbolNamer(instruments: readonly Instrument[]): SymbolNamer {
  const products = new Map<string, Set<string>>();
  for (const inst of instruments) products.set(inst.symbol, (products.get(inst.symbol) ?? new Set()).add(inst.product));
  return (inst) => ((products.get(inst.symbol)?.size ?? 0) > 1 ? `${inst.product}:${inst.symbol}` : inst.symbol);
}

/** The exact mid of two prices in ticks, as a decimal: one more decimal than the tick when it falls between ticks. */
export function midPrice(inst: Instrument, bidTicks: number, askTicks: number): string {
  const sum = (bidTicks + askTicks) * inst.tickUnits;
  return sum % 2 === 0 ? formatScaled(sum / 2, inst.priceDecimals) : formatScaled(sum * 5, inst.priceDecimals + 1);
}

export function csvHeader(horizonsMs: readonly number[]): string {
  return ['ts_us', 'symbol', 'anchor', 'side', 'mid', 'bid', 'ask', ...horizonsMs.flatMap((h) => [`mid_bps_${horizonLabel(h)}`, `exec_bps_${horizonLabel(h)}`])].join(',');
}

const bpsText = (v: number | null | undefined): string => (v === null || v === undefined ? '' : formatNumber(v));

export function csvRow(row: MarkoutRow, name: SymbolNamer): string {
  const inst = row.instrument;
  const known = row.bidTicks !== null && row.askTicks !== null;
  const prices = known
    ? [midPrice(inst, row.bidTicks as number, row.askTicks as number), ticksToPrice(inst, row.bidTicks as number), ticksToPrice(inst, row.askTicks as number)]
    : ['', '', ''];
  const values = row.midBps.flatMap((mid, k) => [bpsText(mid), bpsText(row.execBps[k])]);
  return [String(row.timeUs), name(inst), row.kind, row.side, ...prices, ...values].join(',');
}

/** `v` rounded to `decimals` (null stays null): the report's numbers. */
function rounded(v: number | null, decimals: number): number | null {
  if (v === null) return null;
  const r = Number(v.toFixed(decimals));
  return Object.is(r, -0) ? 0 : r;
}

function summaryJson(s: MarkoutSummary): Record<string, number | null> {
  return {
    n: s.n,
    censored: s.censored,
    meanBps: rounded(s.meanBps, 4),
    medianBps: rounded(s.medianBps, 4),
    tStat: rounded(s.tStat, 3),
    positiveShare: rounded(s.positiveShare, 4),
    execMeanBps: rounded(s.execMeanBps, 4),
  };
}

/** The JSON report: {"horizons":[…],"groups":[{"anchor","symbol","product","byHorizon":{"250ms":{…}}}]}. */
export function reportJson(horizonsMs: readonly number[], groups: readonly MarkoutGroup[], name: SymbolNamer): string {
  const labels = horizonsMs.map(horizonLabel);
  return JSON.stringify({
    horizons: labels,
    groups: groups.map((g) => ({
      anchor: g.kind,
      symbol: name(g.instrument),
      product: g.instrument.product,
      byHorizon: Object.fromEntries(g.byHorizon.map((s, k) => [labels[k] as string, summaryJson(s)])),
    })),
  });
}

const COLUMNS = ['horizon', 'n', 'censored', 'mean', 'median', 't-stat', '>0 %', 'exec mean'] as const;

function fixed(v: number | null, decimals: number): string {
  if (v === null) return '-';
  const text = v.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text; // no "-0.000"
}

/** The readable report: one table per anchor kind and symbol, a row per horizon. */
export function reportTable(horizonsMs: readonly number[], groups: readonly MarkoutGroup[], name: SymbolNamer, anchors: AnchorKind): string {
  if (groups.length === 0) return `markouts: no ${anchors} anchors in the input`;
  const blocks = groups.map((g) => {
    const cells = g.byHorizon.map((s, k) => [
      horizonLabel(horizonsMs[k] as number),
      String(s.n),
      String(s.censored),
      fixed(s.meanBps, 3),
      fixed(s.medianBps, 3),
      fixed(s.tStat, 2),
      s.positiveShare === null ? '-' : (100 * s.positiveShare).toFixed(1),
      fixed(s.execMeanBps, 3),
    ]);
    const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
    const line = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
    return [`${g.kind} ${name(g.instrument)} ${g.instrument.product}: markouts in bps (mid; exec = a taker's round trip)`, line(COLUMNS), ...cells.map(line)].join('\n');
  });
  return blocks.join('\n\n');
}

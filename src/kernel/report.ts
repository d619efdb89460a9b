// kernel/report: the summary of a run, as the JSON object `flowdesk replay --report json` prints and as
// readable text. Built from pipeline counters and the books' final states.

import { ticksToPrice, lotsToQty } from '../model/index.js';
import type { Pipeline } from './pipeline.js';

export interface SymbolReport {
  readonly product: string;
  readonly symbol: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly unitsFrom: string;
  readonly state: string;
  readonly lastUpdateId: number;
  readonly bestBid: string | null;
  readonly bestBidQty: string | null;
  readonly bestAsk: string | null;
  readonly bestAskQty: string | null;
  readonly bidLevels: number;
  readonly askLevels: number;
  readonly depthUpdates: number;
  readonly gaps: number;
  readonly resyncs: number;
}

export interface RunReport {
  readonly events: number;
  readonly depthUpdates: number;
  readonly trades: number;
  readonly aggTrades: number;
  readonly bookTickers: number;
  readonly snapshots: number;
  readonly gaps: number;
  readonly resyncs: number;
  readonly crossed: number;
  readonly stale: number;
  readonly bboChecks: number;
  readonly bboMismatches: number;
  readonly snapshotsRejected: number;
  readonly malformed: number;
  readonly ignored: number;
  readonly skippedLines: number;
  readonly notices: number;
  readonly digest: string;
  readonly eventsPerSec: number;
  readonly elapsedMs: number;
  readonly symbols: readonly SymbolReport[];
}

export function buildReport(pipeline: Pipeline, skippedLines: number, elapsedMs: number): RunReport {
  const t = pipeline.totals();
  const c = pipeline.counters;
  const symbols: SymbolReport[] = pipeline.allEngines().map((engine) => {
    const inst = engine.instrument;
    const book = engine.sync.book;
    const bid = book.bids.bestTicks();
    const ask = book.asks.bestTicks();
    return {
      product: inst.product,
      symbol: inst.symbol,
      tickSize: inst.tickSize,
      lotSize: inst.lotSize,
      unitsFrom: inst.source,
      state: engine.sync.state,
      lastUpdateId: book.lastUpdateId,
      bestBid: bid === undefined ? null : ticksToPrice(inst, bid),
      bestBidQty: bid === undefined ? null : lotsToQty(inst, book.bids.bestLots()),
      bestAsk: ask === undefined ? null : ticksToPrice(inst, ask),
      bestAskQty: ask === undefined ? null : lotsToQty(inst, book.asks.bestLots()),
      bidLevels: book.bids.size,
      askLevels: book.asks.size,
      depthUpdates: engine.counters.depthUpdates,
      gaps: engine.counters.gaps,
      resyncs: engine.counters.resyncs,
    };
  });
  return {
    events: c.messages,
    depthUpdates: t.depthUpdates ?? 0,
    trades: t.trades ?? 0,
    aggTrades: t.aggTrades ?? 0,
    bookTickers: t.bookTickers ?? 0,
    snapshots: t.snapshots ?? 0,
    gaps: t.gaps ?? 0,
    resyncs: t.resyncs ?? 0,
    crossed: t.crossed ?? 0,
    stale: t.stale ?? 0,
    bboChecks: t.bboChecks ?? 0,
    bboMismatches: t.bboMismatches ?? 0,
    snapshotsRejected: t.snapshotsRejected ?? 0,
    malformed: c.malformed,
    ignored: c.ignored,
    skippedLines,
    notices: c.notices,
    digest: pipeline.finishDigest(),
    eventsPerSec: elapsedMs > 0 ? Math.round((c.messages / elapsedMs) * 1000) : 0,
    elapsedMs: Math.round(elapsedMs),
    symbols,
  };
}

/** "live at update 123"; a book with no snapshot applied has no update id: "resyncing, no book (waiting for a snapshot)". */
function bookState(s: SymbolReport): string {
  return s.lastUpdateId >= 0 ? `${s.state} at update ${s.lastUpdateId}` : `${s.state}, no book (waiting for a snapshot)`;
}

export function formatReportText(report: RunReport): string {
  const lines = [
    `events ${report.events}  depth ${report.depthUpdates}  trades ${report.trades}  aggTrades ${report.aggTrades}  bookTickers ${report.bookTickers}  snapshots ${report.snapshots}`,
    `gaps ${report.gaps}  resyncs ${report.resyncs}  crossed ${report.crossed}  stale ${report.stale}  bbo checks ${report.bboChecks}  mismatches ${report.bboMismatches}  malformed ${report.malformed}  skipped lines ${report.skippedLines}`,
  ];
  for (const s of report.symbols) {
    lines.push(
      `${s.product} ${s.symbol}: ${bookState(s)}; bid ${s.bestBidQty ?? '-'} @ ${s.bestBid ?? '-'}  ask ${s.bestAskQty ?? '-'} @ ${s.bestAsk ?? '-'}; ` +
        `${s.bidLevels}/${s.askLevels} levels; tick ${s.tickSize} lot ${s.lotSize} (${s.unitsFrom})`,
    );
  }
  lines.push(`digest ${report.digest}`);
  lines.push(`${report.eventsPerSec} events/s over ${report.elapsedMs} ms`);
  return lines.join('\n');
}

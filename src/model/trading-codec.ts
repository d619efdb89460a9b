// model/trading-codec: the canonical line of each trading event — one JSON object, keys in a fixed order
// (seq, timeUs, type, then the type's own fields), integers as JSON integers, prices and quantities as
// decimal strings in the symbol's units ("61833.09", never ticks), fees, positions and P&L as canonical
// decimal strings (decimal-text.ts: never "1e-7", never "0.10"), a decision's scores and bps as the shortest
// JSON number that reads back to the same double (decision-line.ts, which writes decisions and gate tallies),
// a venue request's parameters as the exact strings sent (venue-request-line.ts).
// The same event is the same bytes on every run. Decoding accepts only canonical lines: a line is read, then
// written again, and must come out equal. The journal's first line is a header naming the format, its
// version and the instruments whose units the prices use. Reading a line's fields back into an event is
// trading-fields.ts.

import { decisionLine, gateTallyLine } from './decision-line.js';
import type { ExecutionReport } from './execution-report.js';
import { createInstrument, instrumentKey, type Instrument, type InstrumentSpec } from './instrument.js';
import { LineProblem, count, decimal, price, qty, type Fields } from './line-values.js';
import { isProduct, type Product } from './product.js';
import type { TradingEvent } from './trading-event.js';
import { eventOfFields } from './trading-fields.js';
import { venueRequestLine } from './venue-request-line.js';

export const JOURNAL_FORMAT = 'flowdesk-trading-journal';
export const JOURNAL_FORMAT_VERSION = 2;

export interface JournalHeader {
  readonly format: typeof JOURNAL_FORMAT;
  readonly formatVersion: number;
  /** The units of every symbol the journal may name, sorted by product then symbol. */
  readonly instruments: readonly InstrumentSpec[];
}

export class TradingCodec {
  private readonly instruments = new Map<string, Instrument>();
  /** The header line (canonical). */
  readonly header: string;

  /** Throws a UnitError for a spec whose units are not exact, a RangeError for one named twice. */
  constructor(specs: readonly InstrumentSpec[]) {
    const sorted = specs.map(createInstrument).sort((a, b) => compare(a.product, b.product) || compare(a.symbol, b.symbol));
    for (const inst of sorted) {
      const key = instrumentKey(inst.product, inst.symbol);
      if (this.instruments.has(key)) throw new RangeError(`instrument ${key} named twice`);
      this.instruments.set(key, inst);
    }
    const header: JournalHeader = {
      format: JOURNAL_FORMAT,
      formatVersion: JOURNAL_FORMAT_VERSION,
      instruments: sorted.map((i) => ({ product: i.product, symbol: i.symbol, tickSize: i.tickSize, lotSize: i.lotSize, source: i.source })),
    };
    this.header = JSON.stringify(header);
  }

  /** The codec of a journal's header line, or why the line is not one. */
  static fromHeader(line: string): TradingCodec | string {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return 'the first line is not a trading journal header (not JSON)';
    }
    const h = value as Partial<JournalHeader> | null;
    if (typeof h !== 'object' || h === null || h.format !== JOURNAL_FORMAT) return `the first line is not a trading journal header (no "format":"${JOURNAL_FORMAT}")`;
    if (h.formatVersion !== JOURNAL_FORMAT_VERSION) return `unsupported journal format version ${String(h.formatVersion)} (this flowdesk reads version ${JOURNAL_FORMAT_VERSION})`;
    if (!Array.isArray(h.instruments)) return 'the header lists no instruments';
    let codec: TradingCodec;
    try {
      codec = new TradingCodec(h.instruments.map(specOf));
    } catch (error) {
      return `bad instrument in the header: ${(error as Error).message}`;
    }
    if (codec.header !== line) return 'the header is not in canonical form';
    return codec;
  }

  /**
   * The canonical line of an event (without the newline). Throws a RangeError for an event that cannot be
   * written exactly (an unknown instrument, a price or quantity that is not a whole number of ticks or lots,
   * a decimal field that is not a decimal number): such an event comes from a broken program.
   */
  encode(event: TradingEvent): string {
    const head = { seq: count(event.seq, 'seq'), timeUs: count(event.timeUs, 'timeUs'), type: event.type };
    switch (event.type) {
      case 'decision':
        return decisionLine(head, event, (product, symbol) => this.instrument(product, symbol));
      case 'gateTally':
        return gateTallyLine(head, event);
      case 'orderRequested': {
        const { clientOrderId, intent } = event.request;
        const inst = this.instrument(intent.product, intent.symbol);
        return JSON.stringify({
          ...head,
          clientOrderId,
          product: intent.product,
          symbol: intent.symbol,
          side: intent.side,
          orderType: intent.type,
          price: price(inst, intent.priceTicks),
          qty: qty(inst, intent.qtyLots),
          reason: intent.reason,
          decisionId: intent.decisionId,
        });
      }
      case 'cancelRequested':
        return JSON.stringify({ ...head, product: event.product, clientOrderId: event.clientOrderId, reason: event.reason });
      case 'cancelAllRequested':
        return JSON.stringify({ ...head, product: event.product, symbol: event.symbol, reason: event.reason });
      case 'reportReceived':
        return JSON.stringify({ ...head, ...this.reportFields(event.product, event.report) });
      case 'positionChanged': {
        const p = event.position;
        return JSON.stringify({
          ...head,
          product: p.product,
          symbol: p.symbol,
          qty: decimal(p.qty, 'qty'),
          entryPrice: p.entryPrice === null ? null : decimal(p.entryPrice, 'entryPrice'),
          realizedPnl: decimal(p.realizedPnl, 'realizedPnl'),
        });
      }
      case 'gateChanged':
        return JSON.stringify({ ...head, gate: event.gate, open: event.open, product: event.product, symbol: event.symbol, reason: event.reason });
      case 'killSwitchEngaged':
      case 'killSwitchReset':
        return JSON.stringify({ ...head, reason: event.reason });
      case 'venueRequest':
        return venueRequestLine(head, event);
    }
  }

  private reportFields(product: Product, report: ExecutionReport): Record<string, unknown> {
    const common = {
      product,
      symbol: report.symbol,
      clientOrderId: report.clientOrderId,
      report: report.kind,
      transactTimeMs: report.transactTimeMs === null ? null : count(report.transactTimeMs, 'transactTimeMs'),
    };
    switch (report.kind) {
      case 'accepted':
        return { ...common, venueOrderId: report.venueOrderId };
      case 'rejected':
      case 'cancelRejected':
        return { ...common, reason: report.reason };
      case 'filled': {
        const inst = this.instrument(product, report.symbol);
        return {
          ...common,
          tradeId: report.tradeId,
          price: price(inst, report.priceTicks),
          qty: qty(inst, report.qtyLots),
          liquidity: report.liquidity,
          fee: decimal(report.fee, 'fee'),
          feeAsset: report.feeAsset,
        };
      }
      case 'canceled':
      case 'expired':
        return common;
      case 'outcomeUnknown':
        return { ...common, request: report.request, detail: report.detail };
    }
  }

  /** The event of a canonical line, or why the line is not one. */
  decode(line: string): TradingEvent | string {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return 'not JSON';
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
    let event: TradingEvent;
    try {
      event = eventOfFields(value as Fields, (product, symbol) => this.known(product, symbol));
    } catch (error) {
      if (error instanceof LineProblem) return error.message;
      throw error;
    }
    let again: string;
    try {
      again = this.encode(event);
    } catch (error) {
      return (error as Error).message;
    }
    return again === line ? event : 'not in canonical form (key order, spacing, extra keys or number forms)';
  }

  private instrument(product: Product, symbol: string): Instrument {
    const inst = this.instruments.get(instrumentKey(product, symbol));
    if (inst === undefined) throw new RangeError(`no instrument ${instrumentKey(product, symbol)} in the journal's header`);
    return inst;
  }

  private known(product: Product, symbol: string): Instrument {
    const inst = this.instruments.get(instrumentKey(product, symbol));
    if (inst === undefined) throw new LineProblem(`no instrument ${instrumentKey(product, symbol)} in the journal's header`);
    return inst;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function specOf(value: unknown): InstrumentSpec {
  const s = value as Partial<InstrumentSpec> | null;
  if (typeof s !== 'object' || s === null) throw new RangeError('an instrument is not an object');
  const { product, symbol, tickSize, lotSize, source } = s;
  if (typeof product !== 'string' || !isProduct(product)) throw new RangeError(`unknown product "${String(product)}"`);
  if (typeof symbol !== 'string' || typeof tickSize !== 'string' || typeof lotSize !== 'string' || typeof source !== 'string') {
    throw new RangeError('an instrument needs symbol, tickSize, lotSize and source as strings');
  }
  return { product, symbol, tickSize, lotSize, source };
}

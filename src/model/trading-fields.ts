// model/trading-fields: reading a trading event back from the fields of its journal line (parsed JSON),
// with a LineProblem saying which field is wrong. Prices and quantities are converted exactly with the
// instrument the header names (a price finer than the tick is refused, never rounded). The canonical-form
// check is the codec's (trading-codec.ts).

import { decisionOfFields, gateTallyOfFields } from './decision-line.js';
import type { ExecutionReport, ExecutionReportKind } from './execution-report.js';
import type { Position } from './execution-port.js';
import { decimalOf, integer, LineProblem, lotsOf, productOf, text, textOrNull, ticksOf, type Fields, type InstrumentOf } from './line-values.js';
import { ORDER_TYPES, type OrderSide, type OrderType } from './order.js';
import type { Product } from './product.js';
import type { TradingEvent, TradingEventType } from './trading-event.js';
import { venueRequestOfFields } from './venue-request-line.js';

export { LineProblem, type Fields, type InstrumentOf } from './line-values.js';

/** The event whose line parsed to `f`; throws a LineProblem naming the first field that is wrong. */
export function eventOfFields(f: Fields, known: InstrumentOf): TradingEvent {
  const head = { seq: integer(f, 'seq'), timeUs: integer(f, 'timeUs') };
  const type = text(f, 'type') as TradingEventType;
  switch (type) {
    case 'decision':
      return decisionOfFields(head, f, known);
    case 'gateTally':
      return gateTallyOfFields(head, f);
    case 'orderRequested': {
      const product = productOf(f);
      const symbol = text(f, 'symbol');
      const inst = known(product, symbol);
      const side = sideOf(f);
      return {
        ...head,
        type,
        request: {
          clientOrderId: text(f, 'clientOrderId'),
          intent: {
            product,
            symbol,
            side,
            type: orderTypeOf(f),
            priceTicks: ticksOf(f, 'price', inst),
            qtyLots: lotsOf(f, 'qty', inst),
            reason: text(f, 'reason'),
            decisionId: text(f, 'decisionId'),
          },
        },
      };
    }
    case 'cancelRequested':
      return { ...head, type, product: productOf(f), clientOrderId: text(f, 'clientOrderId'), reason: text(f, 'reason') };
    case 'cancelAllRequested':
      return { ...head, type, product: productOf(f), symbol: textOrNull(f, 'symbol'), reason: text(f, 'reason') };
    case 'reportReceived': {
      const product = productOf(f);
      return { ...head, type, product, report: reportOf(f, product, known) };
    }
    case 'positionChanged': {
      const position: Position = {
        product: productOf(f),
        symbol: text(f, 'symbol'),
        qty: decimalOf(f, 'qty'),
        entryPrice: f.entryPrice === null ? null : decimalOf(f, 'entryPrice'),
        realizedPnl: decimalOf(f, 'realizedPnl'),
      };
      return { ...head, type, position };
    }
    case 'gateChanged': {
      if (typeof f.open !== 'boolean') throw new LineProblem('"open" must be true or false');
      const product = f.product === null ? null : productOf(f);
      return { ...head, type, gate: text(f, 'gate'), open: f.open, product, symbol: textOrNull(f, 'symbol'), reason: text(f, 'reason') };
    }
    case 'killSwitchEngaged':
    case 'killSwitchReset':
      return { ...head, type, reason: text(f, 'reason') };
    case 'venueRequest':
      return venueRequestOfFields(head, f);
    default:
      throw new LineProblem(`unknown event type "${String(type)}"`);
  }
}

function reportOf(f: Fields, product: Product, known: InstrumentOf): ExecutionReport {
  const symbol = text(f, 'symbol');
  const common = { clientOrderId: text(f, 'clientOrderId'), symbol, transactTimeMs: f.transactTimeMs === null ? null : integer(f, 'transactTimeMs') };
  const kind = text(f, 'report') as ExecutionReportKind;
  switch (kind) {
    case 'accepted':
      return { ...common, kind, venueOrderId: text(f, 'venueOrderId') };
    case 'rejected':
    case 'cancelRejected':
      return { ...common, kind, reason: text(f, 'reason') };
    case 'filled': {
      const inst = known(product, symbol);
      const liquidity = text(f, 'liquidity');
      if (liquidity !== 'maker' && liquidity !== 'taker') throw new LineProblem('"liquidity" must be "maker" or "taker"');
      return {
        ...common,
        kind,
        tradeId: text(f, 'tradeId'),
        priceTicks: ticksOf(f, 'price', inst),
        qtyLots: lotsOf(f, 'qty', inst),
        liquidity,
        fee: decimalOf(f, 'fee'),
        feeAsset: text(f, 'feeAsset'),
      };
    }
    case 'canceled':
    case 'expired':
      return { ...common, kind };
    case 'outcomeUnknown': {
      const request = text(f, 'request');
      if (request !== 'submit' && request !== 'cancel') throw new LineProblem('"request" must be "submit" or "cancel"');
      return { ...common, kind, request, detail: text(f, 'detail') };
    }
    default:
      throw new LineProblem(`unknown report "${String(kind)}"`);
  }
}

function sideOf(f: Fields): OrderSide {
  const v = f.side;
  if (v !== 'buy' && v !== 'sell') throw new LineProblem('"side" must be "buy" or "sell"');
  return v;
}

function orderTypeOf(f: Fields): OrderType {
  const v = text(f, 'orderType');
  if (!ORDER_TYPES.includes(v as OrderType)) throw new LineProblem(`unknown order type "${v}"`);
  return v as OrderType;
}

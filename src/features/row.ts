// features/row: one flat, named row of every measure at a sampling time — the export format of
// `flowdesk features` (docs/FEATURES.md names each column). Column order is fixed; numbers are written
// with up to 12 significant digits, so the same input gives a byte-identical file.

import { ticksToNumber } from '../model/index.js';
import { bookMeasures, OBI_BANDS_BPS, OBI_LEVELS } from './book-measures.js';
import type { FeatureEngine, WindowedFlow } from './engine.js';

export function windowLabel(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const BOOK_COLUMNS = [
  'healthy',
  'mid',
  'spread',
  'spread_bps',
  'weighted_mid',
  'weighted_mid_edge_bps',
  'microprice',
  'microprice_edge_bps',
  'microprice_known',
  ...OBI_LEVELS.map((n) => `obi_${n}`),
  ...OBI_BANDS_BPS.map((b) => `obi_${b}bps`),
  'depth_bid_10',
  'depth_ask_10',
  'dwp_bid_10',
  'dwp_ask_10',
  'slope_bid_10',
  'slope_ask_10',
  'notional_imbalance_10',
  'notional_signal_10',
  'cvd',
  'session_vwap',
  'vpoc_session',
  'value_area_low_session',
  'value_area_high_session',
  'vpoc_10s',
  'stacked_buy_1s',
  'stacked_sell_1s',
];

const INTERVAL_COLUMNS = ['ofi_l1', 'buy_qty', 'sell_qty', 'trade_count', 'tfi', 'realized_vol_bps'];

function windowColumns(label: string, mlofiLevels: number): string[] {
  return [
    `ofi_${label}`,
    ...Array.from({ length: mlofiLevels }, (_, i) => `mlofi_l${i + 1}_${label}`),
    `tfi_${label}`,
    `buy_qty_${label}`,
    `sell_qty_${label}`,
    `trade_count_${label}`,
    `no_trades_${label}`,
    `vwap_${label}`,
    `vwap_dev_bps_${label}`,
    `large_trade_ratio_${label}`,
    `realized_vol_bps_${label}`,
    `msg_rate_${label}`,
    `trade_rate_${label}`,
    ...['bid', 'ask'].flatMap((side) => [`${side}_depletion_${label}`, `${side}_pulls_${label}`, `${side}_additions_${label}`, `${side}_refill_ratio_${label}`]),
  ];
}

/** The header: ts_ms, symbol, book columns, the interval's own columns, then every window's columns. */
export function featureColumns(engine: FeatureEngine): string[] {
  const labels = engine.options.windowsMs.map(windowLabel);
  return ['ts_ms', 'symbol', ...BOOK_COLUMNS, ...INTERVAL_COLUMNS, ...labels.flatMap((l) => windowColumns(l, engine.options.mlofiLevels))];
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

function windowValues(w: WindowedFlow, mid: number | null): (number | string)[] {
  const vwapDev = w.vwap !== null && mid !== null && mid > 0 ? ((mid - w.vwap) / w.vwap) * 10_000 : 0;
  return [
    w.ofi,
    ...w.mlofi,
    w.tfi,
    w.buyQty,
    w.sellQty,
    w.tradeCount,
    w.noTrades ? 1 : 0,
    w.vwap ?? '',
    vwapDev,
    w.largeTradeRatio,
    w.realizedVolBps,
    w.messageRate,
    w.tradeRate,
    ...[w.bid, w.ask].flatMap((s) => [s.depleted, s.pulled, s.added, s.refillRatio]),
  ];
}

/**
 * One row at `nowUs`. `intervalIndex` is the index, in the engine's windows, of the window equal to the
 * export interval (its flow fills the interval columns).
 */
export function featureRow(engine: FeatureEngine, nowUs: number, intervalIndex: number, healthy: boolean, book: Parameters<typeof bookMeasures>[0]): string[] {
  const inst = engine.instrument;
  const b = healthy ? bookMeasures(book, inst) : null;
  const windows = engine.windows(nowUs);
  const micro = b === null ? null : engine.micropriceAdjustment();
  const tickSize = ticksToNumber(inst, 1);
  const microprice = b !== null && micro !== null ? b.mid + micro.ticks * tickSize : null;
  const bookValues: (number | string)[] =
    b === null
      ? [0, ...new Array<string>(BOOK_COLUMNS.length - 9).fill(''), engine.cvd, engine.sessionVwap ?? '']
      : [
          1,
          b.mid,
          b.spread,
          b.spreadBps,
          b.weightedMid,
          b.weightedMidEdgeBps,
          microprice ?? '',
          microprice === null ? 0 : ((microprice - b.mid) / b.mid) * 10_000,
          micro?.known === true ? 1 : 0,
          ...b.obiLevels,
          ...b.obiBands,
          b.depthBid,
          b.depthAsk,
          b.dwpBid,
          b.dwpAsk,
          b.slopeBid,
          b.slopeAsk,
          b.notionalImbalance,
          b.notionalSignal,
          engine.cvd,
          engine.sessionVwap ?? '',
        ];
  const interval = windows[intervalIndex] as WindowedFlow;
  const profileValues = profileColumns(engine, nowUs);
  const values = [
    Math.floor(nowUs / 1000),
    inst.symbol,
    ...bookValues,
    ...profileValues,
    interval.ofi,
    interval.buyQty,
    interval.sellQty,
    interval.tradeCount,
    interval.tfi,
    interval.realizedVolBps,
    ...windows.flatMap((w) => windowValues(w, b?.mid ?? null)),
  ];
  return values.map((v) => (typeof v === 'number' ? formatNumber(v) : v));
}

/** VPOC and 70 % value area of the session, VPOC of the last 10 s, stacks in the last complete 1 s bin. */
function profileColumns(engine: FeatureEngine, nowUs: number): (number | string)[] {
  const inst = engine.instrument;
  const price = (ticks: number | null | undefined) => (ticks === null || ticks === undefined ? '' : ticksToNumber(inst, ticks));
  engine.profile.advance(nowUs);
  const area = engine.profile.session.valueArea(0.7);
  const stacks = engine.footprint.stackedImbalances(nowUs - 1);
  return [
    price(engine.profile.session.vpoc()),
    price(area?.lowTicks),
    price(area?.highTicks),
    price(engine.profile.window.vpoc()),
    stacks.filter((s) => s.side === 'buy').length,
    stacks.filter((s) => s.side === 'sell').length,
  ];
}

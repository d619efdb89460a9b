// tui/view-model: what the console shows, as plain data. Built once per frame from the engines (view.ts),
// rendered by the panes (panes/*.tsx), which never reach into engines. Prices are preformatted strings
// (exact, from ticks); sizes are floats for bars; times are receive time.

import type { DecisionAction } from '../model/index.js';

export type PaneName =
  | 'ladder'
  | 'tape'
  | 'gauges'
  | 'heatmap'
  | 'depth'
  | 'status'
  | 'markouts'
  | 'gates'
  | 'positions'
  | 'orders'
  | 'reconciliation';

export interface LadderRow {
  /** Price of the (aggregated) level, exact decimal string. */
  readonly price: string;
  readonly bidQty: number;
  readonly askQty: number;
  /** Cumulative size from the touch out to this row, per side (0 on the other side). */
  readonly cumBid: number;
  readonly cumAsk: number;
  readonly isBestBid: boolean;
  readonly isBestAsk: boolean;
  /** Marks from the detectors at this price: 'W' wall, 'I' iceberg. */
  readonly marks: string;
  /** Our own open orders at this (aggregated) price: their sides; absent when there are none. */
  readonly own?: 'buy' | 'sell' | 'both';
}

export interface LadderView {
  /** Rows from the highest price (top) to the lowest (bottom): asks above, bids below. */
  readonly rows: readonly LadderRow[];
  /** Tick aggregation in ticks (1, 5, 10, 50). */
  readonly aggregation: number;
  readonly maxQty: number;
}

export interface TapeRow {
  /** HH:MM:SS.mmm (UTC, receive time). */
  readonly time: string;
  readonly price: string;
  readonly qty: number;
  readonly side: 'buy' | 'sell';
  /** Above the rolling 95th percentile of trade size. */
  readonly large: boolean;
  /** Part of a detected sweep. */
  readonly sweep: boolean;
  /** One of our own fills, not a market trade: `side` is ours, `qty` what we got; absent for market trades. */
  readonly own?: boolean;
}

export interface Gauge {
  /** The full label, e.g. "spread bps": shown whenever the pane has room for it (120×40 and wider). */
  readonly label: string;
  /** The short form for a narrow pane (80×24), e.g. "sprd" (listed in README's console section). */
  readonly short?: string;
  /** The value, or several shown side by side (e.g. bid and ask); NaN shows as '-'. */
  readonly values: readonly number[];
  /** Decimals of the most precise form (fewer are shown when the pane is narrow). */
  readonly decimals: number;
  /** Between values (default ' '). */
  readonly sep?: string;
  /** For a bar: value in [−1, 1] (signed measures) or [0, 1] (magnitudes); null = no bar. */
  readonly bar: number | null;
  /** false for a magnitude (bar from the left); signed bars grow both ways from the centre. Default true. */
  readonly signed?: boolean;
}

export interface GaugesView {
  /** The selected window label, e.g. "1s". */
  readonly window: string;
  readonly gauges: readonly Gauge[];
}

export interface HeatmapView {
  /** Price labels for each row, top (highest) to bottom. */
  readonly prices: readonly string[];
  /** columns[c][r] = resting size intensity in [0, 1] for column c (oldest first) and row r. */
  readonly columns: readonly (readonly number[])[];
  /** Trade prints per column: row index and side, or null. */
  readonly trades: readonly ({ readonly row: number; readonly side: 'buy' | 'sell' } | null)[];
  /** Time per column, e.g. "1s". */
  readonly columnSpan: string;
}

export interface DepthCurveView {
  /** Cumulative size at increasing distance from the mid, in bps; one point per step. */
  readonly bids: readonly { readonly bps: number; readonly qty: number }[];
  readonly asks: readonly { readonly bps: number; readonly qty: number }[];
  readonly maxQty: number;
}

/** One horizon of the markouts table. Figures are NaN when there is no value (shown as '-'). */
export interface MarkoutHorizonRow {
  /** e.g. "250ms", "1s". */
  readonly horizon: string;
  /** Anchors measured at this horizon, and censored (after a gap or resync, or the end of the data). */
  readonly n: number;
  readonly censored: number;
  /** Mid markout, bps: mean and median; its t-statistic. */
  readonly meanBps: number;
  readonly medianBps: number;
  readonly tStat: number;
  /** Share of markouts above zero, in percent. */
  readonly positivePct: number;
  /** Mean executable markout (a taker's round trip), bps. */
  readonly execMeanBps: number;
}

export interface MarkoutsView {
  /** What the markouts are measured after: "trades", "large trades" or "detections". */
  readonly anchor: string;
  /** Anchors in the figures: every anchor so far, or the most recent `capacity`. */
  readonly anchors: number;
  readonly capacity: number;
  readonly rows: readonly MarkoutHorizonRow[];
}

/** A gate's value or limit as the strategy gave it: a number, a state, a text (a range), or null (not known). */
export type GateValue = number | boolean | string | null;

/** One gate of a decision: pass or fail, its value against its limit (oriented to the side evaluated). */
export interface GateRow {
  readonly name: string;
  readonly pass: boolean;
  readonly value: GateValue;
  readonly limit: GateValue;
}

/** A decision in one line: when, what, why. */
export interface DecisionSummary {
  /** Market time, UTC HH:MM:SS.mmm. */
  readonly time: string;
  readonly action: DecisionAction;
  /** A NO_TRADE's first failing gate; an intent's order type and side ("LIMIT_MAKER BUY"). */
  readonly reason: string;
}

/** One part of the estimated cost, bps. */
export interface CostPartView {
  /** e.g. "half spread"; `short` for narrow panes ("½spr"). */
  readonly label: string;
  readonly short: string;
  readonly bps: number;
}

/** The latest evaluation of the selected symbol. */
export interface GateDecisionView extends DecisionSummary {
  /** The side evaluated (the one with the higher score); gate values are oriented to it. null: none was. */
  readonly side: 'BUY' | 'SELL' | null;
  /** The score of the side evaluated; null before the z-baselines have any history. */
  readonly score: number | null;
  /** The expected edge and the estimated cost, bps; null when not known. */
  readonly alphaBps: number | null;
  readonly costBps: number | null;
  /** The cost's parts in a fixed order (fee, half spread, slippage, adverse, latency, safety); null with costBps. */
  readonly costParts: readonly CostPartView[] | null;
  /** Every gate, in the strategy's order (the signal's, then the risk gates). */
  readonly gates: readonly GateRow[];
}

/** The gate status of the selected symbol (replay --strategy). */
export interface GatesView {
  /** Null before the symbol's first evaluation. */
  readonly latest: GateDecisionView | null;
  /** The last decision that went to the journal: an intent, or a change of the reason to stand aside. */
  readonly lastJournaled: DecisionSummary | null;
  /** The symbol's evaluations so far. */
  readonly evaluations: number;
  /** Why the strategy does not trade this symbol; null when it does. */
  readonly notTraded: string | null;
}

/** The operator's state of trading: the kill switch and the pause (the status bar's KILLED, TRADING PAUSED). */
export interface TradingStatusView {
  readonly killed: boolean;
  readonly killReason: string | null;
  readonly paused: boolean;
  /** Set while a venue that can write waits for the operator's enablement (`flowdesk trade`): TRADING NOT ENABLED. */
  readonly notEnabled?: true;
}

/** One symbol's position. Quantities and money are exact decimal strings (the panes shorten them). */
export interface PositionRow {
  readonly symbol: string;
  readonly quoteAsset: string;
  /** Base-asset quantity held. */
  readonly position: string;
  /** Average entry price; null when flat. */
  readonly avgEntry: string | null;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly fees: string;
  /** realised + unrealised − fees. */
  readonly netPnl: string;
  readonly fills: number;
}

/** The mean mid markout of our fills at one horizon (bps, towards the fill's side; NaN before any). */
export interface FillMarkoutView {
  readonly horizon: string;
  readonly n: number;
  readonly meanBps: number;
}

export interface PositionsView {
  readonly symbols: readonly PositionRow[];
  /** Session totals (null when the symbols are in different quote assets). */
  readonly totals: { readonly quoteAsset: string; readonly realizedPnl: string; readonly unrealizedPnl: string; readonly fees: string; readonly netPnl: string } | null;
  readonly fillMarkouts: readonly FillMarkoutView[];
}

export interface OpenOrderRow {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** e.g. LIMIT_MAKER, LIMIT_IOC. */
  readonly type: string;
  readonly price: string;
  readonly qty: string;
  readonly filled: string;
  /** The venue's estimate of the size ahead of ours in the queue; null when not resting. */
  readonly queueAhead: string | null;
  /** Run time since it was sent, ms. */
  readonly ageMs: number;
  readonly status: string;
}

export interface OwnFillRow {
  /** UTC HH:MM:SS.mmm of run time. */
  readonly time: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly qty: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly liquidity: 'maker' | 'taker';
}

export interface OrdersView {
  readonly open: readonly OpenOrderRow[];
  /** Newest first. */
  readonly lastFills: readonly OwnFillRow[];
  /** Orders sent and fills taken in the session. */
  readonly orders: number;
  readonly fills: number;
}

export interface ReconciliationView {
  /** What the local state is compared with ("simulated exchange"). */
  readonly venue: string;
  /** UTC HH:MM:SS.mmm of the last check; null before the first. */
  readonly checkedAt: string | null;
  readonly localOpen: number;
  readonly venueOpen: number;
  readonly positions: readonly { readonly symbol: string; readonly local: string; readonly venue: string }[];
  /** One line per difference seen at two checks in a row; empty: in agreement. */
  readonly mismatches: readonly string[];
  /** Why the privateState gate holds orders back (a venue with private state: Binance); null when it does not. */
  readonly privateState: string | null;
  /** What the reconciliation at the last restart found and corrected, one line each (flowdesk paper). */
  readonly atRestart: readonly string[];
}

/** What the trading panes show (a strategy runs: replay --strategy, flowdesk paper). */
export interface TradingView {
  readonly status: TradingStatusView;
  readonly positions: PositionsView;
  readonly orders: OrdersView;
  readonly reconciliation: ReconciliationView;
  /**
   * Which trading pane key `o` brought forward (a counter; tui/layout.ts says which place shows which
   * pane for it).
   */
  readonly page: number;
}

export interface BookState {
  readonly product: string;
  readonly symbol: string;
  readonly state: string;
}

export interface StatusView {
  readonly symbol: string;
  readonly product: string;
  /** What is shown: "replay <files>", or the connection state and "spot BTCUSDT" for live data. */
  readonly source: string;
  /** Where a replay is: "+00:03:12" of market time since its start, "+00:10:50 end" when finished; '' live. */
  readonly position: string;
  readonly paused: boolean;
  /** e.g. "1×", "16×", "max". */
  readonly speed: string;
  /** Sync state of every book, e.g. [{product: 'spot', symbol: 'BTCUSDT', state: 'live'}]. */
  readonly books: readonly BookState[];
  readonly lastGap: string;
  readonly lastResync: string;
  /** Receive time minus exchange time of the latest event, ms (null when unknown); negative when the clocks disagree. */
  readonly latencyMs: number | null;
  readonly msgRate: number;
  readonly alerts: readonly string[];
  readonly fps: number;
  /** Current receive time, UTC HH:MM:SS.mmm. */
  readonly clock: string;
  /** Where the console's logs go (the terminal is the console's), for display; absent when not known. */
  readonly logFile?: string;
}

export interface ConsoleView {
  readonly ladder: LadderView;
  /** Newest first. */
  readonly tape: readonly TapeRow[];
  readonly gauges: GaugesView;
  readonly heatmap: HeatmapView;
  readonly depth: DepthCurveView;
  readonly status: StatusView;
  /** The markouts table of the selected anchor kind; absent while hidden (key m cycles it). */
  readonly markouts?: MarkoutsView;
  /** The strategy's gate status of the selected symbol; absent when no strategy runs. */
  readonly gates?: GatesView;
  /** Positions, orders, reconciliation and the kill switch / pause; absent when no strategy runs. */
  readonly trading?: TradingView;
  /** A line for transient messages (help hint, "jump to:" prompt). */
  readonly message: string;
}

/** An empty view carrying only a message: what the screen shows before the engine's first view arrives. */
export function placeholderView(message: string): ConsoleView {
  return {
    ladder: { rows: [], aggregation: 1, maxQty: 0 },
    tape: [],
    gauges: { window: '1s', gauges: [] },
    heatmap: { prices: [], columns: [], trades: [], columnSpan: '1s' },
    depth: { bids: [], asks: [], maxQty: 0 },
    status: { symbol: '', product: '', source: '', position: '', paused: false, speed: '', books: [], lastGap: '-', lastResync: '-', latencyMs: null, msgRate: 0, alerts: [], fps: 0, clock: '' },
    message,
  };
}

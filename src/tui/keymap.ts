// tui/keymap: every key of the console in one table. The help screen is generated from it, and the README's
// key table is checked against it (test/tui/keymap.test.ts). Each key has its full description and a short
// one for the help's two columns in a small terminal (80×24). The trading keys (o, K, R, p, F, E) act when a
// strategy runs.

export type Action =
  | 'togglePause'
  | 'stepEvent'
  | 'stepFrame'
  | 'stepSecond'
  | 'faster'
  | 'slower'
  | 'jump'
  | 'cycleWindow'
  | 'cycleAggregation'
  | 'nextSymbol'
  | 'cycleMarkouts'
  | 'cycleTrading'
  | 'kill'
  | 'resetKill'
  | 'pauseTrading'
  | 'flatten'
  | 'enableTrading'
  | 'help'
  | 'quit';

export interface KeyBinding {
  /** What the user presses, as shown in help. */
  readonly key: string;
  /** The input Ink reports (a character, or 'tab' / 'space'). */
  readonly input: string;
  readonly action: Action;
  readonly description: string;
  /** The description in at most SHORT_DESCRIPTION cells (help in two columns, 80×24). */
  readonly short: string;
}

/** The most cells a key's short description takes. */
export const SHORT_DESCRIPTION = 26;

export const KEYMAP: readonly KeyBinding[] = [
  { key: 'space', input: ' ', action: 'togglePause', description: 'pause / resume the replay', short: 'pause / resume replay' },
  { key: 'n', input: 'n', action: 'stepEvent', description: 'step one event (paused)', short: 'step one event (paused)' },
  { key: 'f', input: 'f', action: 'stepFrame', description: 'step one frame: 100 ms of market time (paused)', short: 'step 100 ms (paused)' },
  { key: 's', input: 's', action: 'stepSecond', description: 'step one second (paused)', short: 'step one second (paused)' },
  { key: '+', input: '+', action: 'faster', description: 'replay faster (0.25×, 1×, 4×, 16×, max)', short: 'replay faster' },
  { key: '-', input: '-', action: 'slower', description: 'replay slower', short: 'replay slower' },
  { key: 'g', input: 'g', action: 'jump', description: 'jump forward to HH:MM[:SS] (next), a date-time, or +90s', short: 'jump forward (time, +90s)' },
  { key: 'w', input: 'w', action: 'cycleWindow', description: 'cycle the gauge / heatmap window (100 ms … 10 s)', short: 'cycle gauge window' },
  { key: 't', input: 't', action: 'cycleAggregation', description: 'cycle tick aggregation (1, 5, 10, 50)', short: 'cycle tick aggregation' },
  { key: 'tab', input: 'tab', action: 'nextSymbol', description: 'next symbol', short: 'next symbol' },
  { key: 'm', input: 'm', action: 'cycleMarkouts', description: 'markouts after trades, large trades, detections, then hidden', short: 'markouts (cycle, hide)' },
  { key: 'o', input: 'o', action: 'cycleTrading', description: 'orders / reconciliation (80×24: gates, positions, orders, reconciliation)', short: 'cycle the trading pane' },
  { key: 'K', input: 'K', action: 'kill', description: 'kill switch: stop new orders, cancel every open order', short: 'kill switch' },
  { key: 'R', input: 'R', action: 'resetKill', description: 'reset the kill switch (asks y/n)', short: 'reset kill switch (y/n)' },
  { key: 'p', input: 'p', action: 'pauseTrading', description: 'pause / resume trading (market data keeps flowing)', short: 'pause / resume trading' },
  { key: 'F', input: 'F', action: 'flatten', description: 'flatten: sell every position with an IOC (asks y/n)', short: 'flatten positions (y/n)' },
  { key: 'E', input: 'E', action: 'enableTrading', description: 'enable trading: orders may go out (asks y/n; flowdesk trade)', short: 'enable trading (y/n)' },
  { key: '?', input: '?', action: 'help', description: 'show / hide this help', short: 'show / hide this help' },
  { key: 'q', input: 'q', action: 'quit', description: 'quit (also Ctrl+C)', short: 'quit (also Ctrl+C)' },
];

export const SPEEDS = [0.25, 1, 4, 16, 'max'] as const;
export const AGGREGATIONS = [1, 5, 10, 50] as const;
/** What the markouts table measures after, in the order `m` cycles through (then the table is hidden). */
export const MARKOUT_ANCHORS = ['trade', 'large-trade', 'detection'] as const;

export function actionFor(input: string, key: { tab?: boolean; ctrl?: boolean }): Action | null {
  if (key.ctrl === true && input === 'c') return 'quit';
  const wanted = key.tab === true ? 'tab' : input;
  const binding = KEYMAP.find((b) => b.input === wanted);
  return binding === undefined ? null : binding.action;
}

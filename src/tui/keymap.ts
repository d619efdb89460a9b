// tui/keymap: every key of the console in one table (the help screen is generated from it). Keys that
// belong to later trading features are reserved so nothing else takes them.

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
  | 'help'
  | 'quit';

export interface KeyBinding {
  /** What the user presses, as shown in help. */
  readonly key: string;
  /** The input Ink reports (a character, or 'tab' / 'space'). */
  readonly input: string;
  readonly action: Action | 'reserved';
  readonly description: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { key: 'space', input: ' ', action: 'togglePause', description: 'pause / resume' },
  { key: 'n', input: 'n', action: 'stepEvent', description: 'step one event (paused)' },
  { key: 'f', input: 'f', action: 'stepFrame', description: 'step one frame: 100 ms of market time (paused)' },
  { key: 's', input: 's', action: 'stepSecond', description: 'step one second (paused)' },
  { key: '+', input: '+', action: 'faster', description: 'replay faster (0.25×, 1×, 4×, 16×, max)' },
  { key: '-', input: '-', action: 'slower', description: 'replay slower' },
  { key: 'g', input: 'g', action: 'jump', description: 'jump forward to HH:MM[:SS] (next), a date-time, or +90s' },
  { key: 'w', input: 'w', action: 'cycleWindow', description: 'cycle the gauge / heatmap window (100 ms … 10 s)' },
  { key: 't', input: 't', action: 'cycleAggregation', description: 'cycle tick aggregation (1, 5, 10, 50)' },
  { key: 'tab', input: 'tab', action: 'nextSymbol', description: 'next symbol' },
  { key: 'm', input: 'm', action: 'cycleMarkouts', description: 'markouts after trades, large trades, detections, then hidden' },
  { key: '?', input: '?', action: 'help', description: 'show / hide this help' },
  { key: 'q', input: 'q', action: 'quit', description: 'quit (also Ctrl+C)' },
  { key: 'K', input: 'K', action: 'reserved', description: 'kill switch (reserved for trading)' },
  { key: 'p', input: 'p', action: 'reserved', description: 'positions (reserved for trading)' },
];

export const SPEEDS = [0.25, 1, 4, 16, 'max'] as const;
export const AGGREGATIONS = [1, 5, 10, 50] as const;
/** What the markouts table measures after, in the order `m` cycles through (then the table is hidden). */
export const MARKOUT_ANCHORS = ['trade', 'large-trade', 'detection'] as const;

export function actionFor(input: string, key: { tab?: boolean; ctrl?: boolean }): Action | null {
  if (key.ctrl === true && input === 'c') return 'quit';
  const wanted = key.tab === true ? 'tab' : input;
  const binding = KEYMAP.find((b) => b.input === wanted);
  return binding === undefined || binding.action === 'reserved' ? null : binding.action;
}

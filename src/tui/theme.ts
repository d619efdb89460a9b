// tui/theme: the console's colours, in one place. Panes ask for a meaning (bid, sell, wall, warn...), never
// for a colour. Named 16-colour ANSI colours only: flowdesk runs over SSH in whatever terminal the
// operator has, and every meaning also has a character (side letters, marks, shade characters) so the
// console stays readable without colour (NO_COLOR, a pipe, a monochrome terminal).

import type { ForegroundColorName } from 'chalk';

/** How a piece of text is drawn (colour names as chalk spells them; tui/panes/text paints them). */
export interface Style {
  readonly color?: ForegroundColorName;
  readonly backgroundColor?: ForegroundColorName;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

/** One step of the heat ramp: a shade character and its colour. */
export interface HeatStep {
  readonly char: string;
  readonly style: Style;
}

export interface Theme {
  /** Resting bids / asks (ladder, depth curve). */
  readonly bid: Style;
  readonly ask: Style;
  /** Aggressor side of a trade (tape, heatmap prints, signed gauges). */
  readonly buy: Style;
  readonly sell: Style;
  /** A large trade (above the rolling 95th percentile): added to the side's style. */
  readonly large: Style;
  /** Part of a detected sweep. */
  readonly sweep: Style;
  /** Detector marks on the ladder. */
  readonly wall: Style;
  readonly iceberg: Style;
  /** Our own open orders (ladder) and fills (tape). */
  readonly own: Style;
  /** Best bid / best ask row of the ladder: added to the side's style. */
  readonly touch: Style;
  /** Labels, column headers, separators, empty values. */
  readonly muted: Style;
  /** Pane titles and neutral values (magnitude gauges). */
  readonly accent: Style;
  /** Healthy state (a live book). */
  readonly ok: Style;
  /** Attention: PAUSED, resyncing books, alerts. */
  readonly warn: Style;
  /** Something broke: faulted books, errors. */
  readonly error: Style;
  /** The transient message line. */
  readonly message: Style;
  /** Heat ramp from nothing (index 0, blank) to the most intense (last). */
  readonly heat: readonly HeatStep[];
}

export const theme: Theme = {
  bid: { color: 'green' },
  ask: { color: 'red' },
  buy: { color: 'greenBright' },
  sell: { color: 'redBright' },
  large: { bold: true },
  sweep: { color: 'magentaBright', bold: true },
  wall: { color: 'yellow', bold: true },
  iceberg: { color: 'cyan', bold: true },
  own: { color: 'blueBright', bold: true },
  touch: { inverse: true, bold: true },
  muted: { color: 'gray' },
  accent: { color: 'cyan' },
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  error: { color: 'red', bold: true },
  message: { color: 'whiteBright' },
  heat: [
    { char: ' ', style: {} },
    { char: '░', style: { color: 'blue' } },
    { char: '▒', style: { color: 'cyan' } },
    { char: '▓', style: { color: 'yellow' } },
    { char: '█', style: { color: 'redBright' } },
  ],
};

/** The heat step for an intensity in [0, 1]: 0 (or less, or NaN) is blank; (0, 1] spread evenly over the rest. */
export function heatStep(intensity: number, ramp: readonly HeatStep[] = theme.heat): HeatStep {
  const last = ramp.length - 1;
  const blank = ramp[0] ?? { char: ' ', style: {} };
  if (!(intensity > 0) || last < 1) return blank;
  const v = Math.min(1, intensity);
  const index = Math.min(last, 1 + Math.floor(v * last * 0.999999));
  return ramp[index] ?? blank;
}

/** Two styles combined, the second winning where both say something. */
export function mergeStyles(a: Style, b: Style): Style {
  return { ...a, ...b };
}

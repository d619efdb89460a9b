// tui/marks: every one-character mark the console draws, with what it means, in one table. The panes and
// the view take their characters from here and the help screen's legend is generated from it, so a mark
// and its explanation cannot drift apart.

export interface Mark {
  readonly char: string;
  /** What it means, as the help legend says it. */
  readonly meaning: string;
  /** The same in a word or two, for the legend of a small terminal (80×24). */
  readonly short: string;
}

export const MARKS = {
  marksColumn: { char: 'M', meaning: 'ladder column of detector marks', short: 'marks column' },
  wall: { char: 'W', meaning: 'wall: a large resting level (ladder)', short: 'wall' },
  iceberg: { char: 'I', meaning: 'iceberg: a level that keeps refilling (ladder)', short: 'iceberg' },
  buy: { char: 'B', meaning: 'buyer was the aggressor (tape)', short: 'buy' },
  sell: { char: 'S', meaning: 'seller was the aggressor (tape)', short: 'sell' },
  large: { char: '!', meaning: 'large trade (tape); detector alert (status bar)', short: 'large trade / alert' },
  sweep: { char: '»', meaning: 'trade that is part of a sweep (tape)', short: 'sweep' },
  print: { char: '●', meaning: 'trade print (heatmap)', short: 'trade print' },
  own: { char: '◆', meaning: 'our own open order at this price (ladder); our own fill (tape)', short: 'own order / fill' },
  pass: { char: '✓', meaning: 'gate passes (gates)', short: 'pass' },
  fail: { char: '✗', meaning: 'gate fails, so no trade (gates)', short: 'fail' },
} as const satisfies Record<string, Mark>;

/** The legend, in the order the help screen shows it. */
export const LEGEND: readonly Mark[] = Object.values(MARKS);

// tui/panes/reconciliation: the local order and position state against the venue's own (a strategy runs;
// in paper trading the venue is the simulated exchange) — when it was last checked, the open orders and
// each symbol's position on both sides, and every mismatch, or that they agree.
//
//   reconciliation  simulated exchange         checked 23:55:30.120
//   open orders     local 1      venue 1
//   BTCUSDT         local 0.0016 venue 0.0016
//   ✓ in agreement                     (or one ✗ line per mismatch)
//   ✗ orders held: user stream down 20 s (a venue with private state: why the privateState gate is closed)
//   at the restart, corrected: ...     (flowdesk paper --state, when the restart's reconciliation changed something)

import type { ReactElement } from 'react';

import { MARKS } from '../marks.js';
import { mergeStyles, theme } from '../theme.js';
import type { ReconciliationView } from '../view-model.js';
import { titleLine } from './fields.js';
import { fitColumns, headLine, rowLine, type TableColumn } from './table.js';
import { ellipsis, Lines, seg, type Line } from './text.js';

export interface ReconciliationProps {
  readonly reconciliation: ReconciliationView;
  readonly width: number;
  readonly height: number;
}

export const IN_AGREEMENT = 'in agreement';

/** The reconciliation pane in `width` × `height` cells. */
export function reconciliationLines({ reconciliation: r, width, height }: ReconciliationProps): Line[] {
  const rows = Math.max(0, height);
  const lines: Line[] = [
    titleLine(
      [seg('reconciliation', mergeStyles(theme.accent, { bold: true }))],
      [[seg(r.venue, theme.muted)]],
      [seg(r.checkedAt === null ? 'not checked yet' : `checked ${r.checkedAt}`, theme.muted)],
      width,
    ),
  ];
  // Why the privateState gate holds orders back, unless a mismatch line already says it.
  const gate: Line[] = r.privateState === null || r.privateState.startsWith('reconciliation: ') ? [] : [[seg(ellipsis(`${MARKS.fail.char} orders held: ${r.privateState}`, width), theme.error)]];
  if (r.checkedAt === null) return [...lines, ...gate].slice(0, rows);
  const differs = (a: string, b: string): boolean => a !== b && Number(a) !== Number(b);
  const labels = ['open orders', ...r.positions.map((p) => p.symbol)];
  const local = [String(r.localOpen), ...r.positions.map((p) => p.local)];
  const venue = [String(r.venueOpen), ...r.positions.map((p) => p.venue)];
  const style = (i: number) => (differs(local[i] ?? '', venue[i] ?? '') ? theme.error : undefined);
  const columns: TableColumn[] = [
    { head: '', kind: 'text', rank: 10, cells: labels.map((text) => ({ text, style: theme.muted })) },
    { head: 'local', kind: 'decimal', rank: 9, cells: local.map((text, i) => ({ text, ...(style(i) === undefined ? {} : { style: style(i) }) })) },
    { head: 'venue', kind: 'decimal', rank: 8, cells: venue.map((text, i) => ({ text, ...(style(i) === undefined ? {} : { style: style(i) }) })) },
  ];
  const fitted = fitColumns(columns, width);
  // The verdict keeps its rows first (two: a mismatch and how many more); then the table; then the other mismatches.
  const verdict: Line[] = [
    ...gate,
    ...(r.mismatches.length === 0 && gate.length > 0
      ? []
      : r.mismatches.length === 0
      ? [[seg(ellipsis(`${MARKS.pass.char} ${IN_AGREEMENT}`, width), theme.ok)]]
      : r.mismatches.map((m) => [seg(ellipsis(`${MARKS.fail.char} ${m}`, width), theme.error)])),
    // What the restart's reconciliation corrected (the recovered state against the venue's), when it did.
    ...(r.atRestart.length === 0 ? [] : [[seg(ellipsis(`at the restart, corrected: ${r.atRestart.join('; ')}`, width), theme.muted)]]),
  ];
  const tableRows = Math.min(1 + labels.length, rows - 1 - Math.min(2, verdict.length));
  if (tableRows >= 2) {
    lines.push(headLine(fitted, theme.muted));
    for (let i = 0; i < tableRows - 1; i++) lines.push(rowLine(fitted, i));
  }
  const left = rows - lines.length;
  if (verdict.length <= left) lines.push(...verdict);
  else if (left > 0) {
    lines.push(...verdict.slice(0, left - 1));
    lines.push([seg(ellipsis(`+${verdict.length - (left - 1)} more mismatches`, width), theme.error)]);
  }
  return lines.slice(0, rows);
}

export function Reconciliation(props: ReconciliationProps): ReactElement {
  return <Lines lines={reconciliationLines(props)} width={props.width} height={props.height} />;
}

// tui/panes/gates: the strategy's gate status for the selected symbol (replay --strategy) — the latest
// decision, its score, the expected edge against the estimated cost and the cost's parts, the last
// decision that went to the journal, and every gate: ✓ pass or ✗ fail, its value and its limit.
//
//   gates  NO_TRADE cost                          12:03:04.500
//   buy score 1.84  alpha 0.92 bps < cost 1.35 bps
//   cost = fee 0.10 + half spread 0.35 + slippage 0 + adverse 0 + latency 0.90 + safety 0
//   journal 12:03:01.200 NO_TRADE warmup              812 evals
//   gate          value  limit   gate               value  limit
//   ✓ warmup       31.2     30   ✓ position            -      -
//   ✗ cost         0.92   1.35   ✓ maxOrderNotional  100   1000
//
// Every gate is listed, in one column when the rows allow, else in two. When neither fits (80×24), the
// pane keeps what matters: the decision, the score / alpha / cost line and the failing gates ("+N more"
// when they do not all fit), then the journal line if a row is left. Values are never cut: a number takes
// its shorter true form (panes/number.ts); a text limit is cut with '…'. Pass and fail have a character as
// well as a colour, so the pane reads without colour.

import type { ReactElement } from 'react';

import { MARKS } from '../marks.js';
import { mergeStyles, theme, type Style } from '../theme.js';
import type { DecisionSummary, GateDecisionView, GateRow, GatesView, GateValue } from '../view-model.js';
import { fieldsLine, type Field } from './fields.js';
import { fmtNumber, numberForms, OVERFLOW, type NumberStyle } from './number.js';
import { cells, ellipsis, Lines, pad, padLeft, seg, type Line, type Seg } from './text.js';

export interface GatesProps {
  readonly gates: GatesView;
  readonly width: number;
  readonly height: number;
}

const PASS_MARK = MARKS.pass.char;
const FAIL_MARK = MARKS.fail.char;

/**
 * A value or limit column wants at most MAX_VALUE cells for a number and MAX_TEXT for a text, and gives way
 * down to MIN_VALUE before a layout is refused.
 */
const MAX_VALUE = 8;
const MAX_TEXT = 12;
const MIN_VALUE = 4;
/** Cells between the two columns of gates. */
const COLUMN_GAP = 2;

/**
 * About three significant digits: decimals by magnitude, none for integers; below 0.01 one significant
 * digit, or an exponent when narrow (panes/number.ts 'digits').
 */
function numberStyle(v: number): NumberStyle {
  const a = Math.abs(v);
  const decimals = Number.isInteger(v) || a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 3 : 1;
  return { decimals, tiny: 'digits', zero: '0' };
}

/** The forms of a gate value, most precise first: a number's true forms, yes/no, a text, '-' for unknown. */
function valueForms(v: GateValue): string[] {
  if (v === null) return ['-'];
  if (typeof v === 'boolean') return [v ? 'yes' : 'no'];
  if (typeof v === 'number') return numberForms(v, numberStyle(v));
  return [v];
}

/** A gate value in at most `width` cells: a number in its most precise true form that fits, a text cut with '…'. */
export function gateValueText(v: GateValue, width: number): string {
  if (typeof v === 'string') return ellipsis(v, width);
  if (typeof v === 'number') return fmtNumber(v, width, numberStyle(v));
  return valueForms(v)[0] ?? '';
}

/** Cells a value wants: its most precise form, at most MAX_VALUE (MAX_TEXT for a text). */
function preferred(v: GateValue): number {
  const form = valueForms(v).find((f) => f !== OVERFLOW) ?? OVERFLOW;
  return Math.min(typeof v === 'string' ? MAX_TEXT : MAX_VALUE, cells(form));
}

/** A number of a figure line in at most `width` cells ('-' when not known). */
function figure(v: number | null, width: number): string {
  return v === null ? '-' : fmtNumber(v, width, numberStyle(v));
}

interface Column {
  readonly rows: readonly GateRow[];
  readonly name: number;
  value: number;
  limit: number;
}

const columnWidth = (c: Column): number => 2 + c.name + 1 + c.value + 1 + c.limit;

function column(rows: readonly GateRow[]): Column {
  return {
    rows,
    name: rows.reduce((m, r) => Math.max(m, cells(r.name)), cells('gate') - 2),
    value: rows.reduce((m, r) => Math.max(m, preferred(r.value)), cells('value')),
    limit: rows.reduce((m, r) => Math.max(m, preferred(r.limit)), cells('limit')),
  };
}

/**
 * The gates in `count` columns (split in order) that fit `width` cells with whole names: the widest value or
 * limit column gives way first, down to MIN_VALUE; null when they do not fit.
 */
export function gateColumns(gates: readonly GateRow[], count: 1 | 2, width: number): Column[] | null {
  const split = Math.ceil(gates.length / count);
  const columns = count === 1 ? [column(gates)] : [column(gates.slice(0, split)), column(gates.slice(split))];
  const total = (): number => columns.reduce((s, c) => s + columnWidth(c), 0) + COLUMN_GAP * (columns.length - 1);
  while (total() > width) {
    let widest: { c: Column; key: 'value' | 'limit' } | null = null;
    for (const c of columns) {
      for (const key of ['value', 'limit'] as const) if (c[key] > MIN_VALUE && (widest === null || c[key] > widest.c[widest.key])) widest = { c, key };
    }
    if (widest === null) return null;
    widest.c[widest.key]--;
  }
  return columns;
}

const passStyle = (pass: boolean): Style => (pass ? theme.ok : theme.error);

function gateCells(c: Column, r: GateRow | undefined): Seg[] {
  if (r === undefined) return [seg(' '.repeat(columnWidth(c)))];
  const style = passStyle(r.pass);
  return [
    seg(r.pass ? PASS_MARK : FAIL_MARK, style),
    seg(' '),
    seg(pad(ellipsis(r.name, c.name), c.name), r.pass ? {} : style),
    seg(' '),
    seg(padLeft(gateValueText(r.value, c.value), c.value), r.pass ? {} : style),
    seg(' '),
    seg(padLeft(gateValueText(r.limit, c.limit), c.limit), theme.muted),
  ];
}

function headCells(c: Column): Seg[] {
  return [seg(`${pad('gate', c.name + 2)} ${padLeft('value', c.value)} ${padLeft('limit', c.limit)}`, theme.muted)];
}

function columnLines(columns: readonly Column[]): Line[] {
  const gap = seg(' '.repeat(COLUMN_GAP));
  const join = (parts: Seg[][]): Line => parts.flatMap((p, i) => (i === 0 ? p : [gap, ...p]));
  const lines: Line[] = [join(columns.map(headCells))];
  const rows = Math.max(...columns.map((c) => c.rows.length));
  for (let i = 0; i < rows; i++) lines.push(join(columns.map((c) => gateCells(c, c.rows[i]))));
  return lines;
}

const actionStyle = (d: DecisionSummary): Style => (d.action === 'NO_TRADE' ? theme.muted : d.action === 'BUY' ? theme.buy : theme.sell);

/** `gates  NO_TRADE cost  12:03:04.500`: the time gives way first, then the reason is cut with '…'. */
function titleOf(gates: GatesView, width: number): Line {
  const d = gates.latest;
  const name: Field = { alts: [[seg('gates', mergeStyles(theme.accent, { bold: true }))]], rank: 10 };
  if (d === null) return fieldsLine([name], width);
  return fieldsLine(
    [
      name,
      { alts: [[seg(d.action, mergeStyles(actionStyle(d), { bold: true }))]], rank: 9, sep: [seg('  ')] },
      { alts: [[seg(d.reason)]], rank: 5, elastic: true, minCut: 4 },
      { alts: [[seg(d.time, theme.muted)]], rank: 3, right: true },
    ],
    width,
  );
}

/** The side's score, and the expected edge against the cost: `buy score 1.84  alpha 0.92 bps < cost 1.35 bps`. */
export function scoreLine(d: GateDecisionView, width: number): Line {
  const side = d.side === null ? '' : `${d.side.toLowerCase()} `;
  const sign = d.alphaBps === null || d.costBps === null ? '?' : d.alphaBps > d.costBps ? '>' : d.alphaBps < d.costBps ? '<' : '=';
  const edgeStyle = sign === '>' ? theme.ok : sign === '?' ? theme.muted : theme.error;
  const edge = (alpha: string, cost: string, unit: string, w: number): Line => [
    seg(`${alpha} ${figure(d.alphaBps, w)}${unit}`, edgeStyle),
    seg(` ${sign} `),
    seg(`${cost} ${figure(d.costBps, w)}${unit}`),
  ];
  const fields: Field[] = [
    {
      alts: [[seg(`${side}score ${figure(d.score, 7)}`)], [seg(`${side}score ${figure(d.score, 4)}`)], [seg(`score ${figure(d.score, 4)}`)], [seg(`s ${figure(d.score, 4)}`)]],
      rank: [6, 7, 7.5, 8],
    },
    {
      alts: [edge('alpha', 'cost', ' bps', 7), edge('alpha', 'cost', '', 7), edge('alpha', 'cost', '', 5), edge('α', 'c', '', 5), edge('α', 'c', '', 4)],
      rank: [5, 6, 7, 9, 10],
      sep: [seg('  ')],
    },
  ];
  return fieldsLine(fields, width);
}

/**
 * The cost's parts: `cost = fee 0.10 + half spread 0.35 + …`, with shorter labels, prefix and numbers when
 * they do not fit; null when the cost is not known or no form fits whole.
 */
export function costPartsLine(d: GateDecisionView, width: number): Line | null {
  const parts = d.costParts;
  if (parts === null) return null;
  for (const short of [false, true]) {
    for (const prefix of ['cost = ', '= ']) {
      for (const w of [6, 4]) {
        const text = `${prefix}${parts.map((p) => `${short ? p.short : p.label} ${figure(p.bps, w)}`).join(' + ')}`;
        if (cells(text) <= width) return [seg(text, theme.muted)];
      }
    }
  }
  return null;
}

function journalLine(gates: GatesView, width: number): Line {
  const j = gates.lastJournaled;
  const fields: Field[] = [
    { alts: [[seg('journaled', theme.muted)]], rank: 8 },
    j === null
      ? { alts: [[seg('nothing yet', theme.muted)]], rank: 7 }
      : { alts: [[seg(j.time), seg(' '), seg(j.action, actionStyle(j)), seg(' '), seg(j.reason)]], rank: 9, elastic: true },
    { alts: [[seg(`${gates.evaluations} evals`, theme.muted)]], rank: 3, right: true },
  ];
  return fieldsLine(fields, width);
}

/** The gate status in `width` × `height` cells (see the module header). */
export function gatesLines({ gates, width, height }: GatesProps): Line[] {
  const rows = Math.max(0, height);
  const title = titleOf(gates, width);
  const d = gates.latest;
  if (gates.notTraded !== null) return [title, [seg(ellipsis(`not traded: ${gates.notTraded}`, width), theme.muted)]].slice(0, rows);
  if (d === null) return [title, [seg(ellipsis('no decision yet', width), theme.muted)]].slice(0, rows);
  const score = scoreLine(d, width);
  const cost = costPartsLine(d, width);
  const journal = journalLine(gates, width);
  // Every gate: one column, then two; with the cost parts and the journal line, then without the cost parts.
  for (const extras of [[cost, journal], [journal]]) {
    const shown = extras.filter((l): l is Line => l !== null);
    for (const count of [1, 2] as const) {
      const columns = gateColumns(d.gates, count, width);
      if (columns === null) continue;
      const lines = [title, score, ...shown, ...columnLines(columns)];
      if (lines.length <= rows) return lines;
    }
  }
  // Reduced: the failing gates (under their column heads when there is a row for one), then what else fits.
  const failing = d.gates.filter((g) => !g.pass);
  const passing = d.gates.length - failing.length;
  let room = rows - 2;
  const block: Line[] = [];
  let rest: Line | null = null;
  if (failing.length === 0) block.push([seg(ellipsis(`${PASS_MARK} all ${d.gates.length} gates pass`, width), theme.ok)]);
  else {
    const head = room >= 2 ? 1 : 0;
    const fit = room - head;
    const shown = failing.length <= fit ? failing : failing.slice(0, Math.max(0, fit - 1));
    const c = gateColumns(shown, 1, width)?.[0] ?? null;
    if (c !== null && head === 1) block.push(headCells(c));
    for (const r of shown) block.push(c === null ? narrowGate(r, width) : gateCells(c, r));
    if (shown.length < failing.length) block.push([seg(ellipsis(`+${failing.length - shown.length} more failing`, width), theme.error)]);
    else if (passing > 0) rest = [seg(ellipsis(`${PASS_MARK} ${passing} more pass`, width), theme.ok)];
  }
  room -= block.length;
  const extras: Line[] = [];
  for (const line of [journal, cost, rest]) {
    if (line !== null && room > 0) {
      extras.push(line);
      room--;
    }
  }
  const lines = [title, score, ...extras.filter((l) => l !== rest), ...block, ...(rest !== null && extras.includes(rest) ? [rest] : [])];
  return lines.slice(0, rows);
}

/** A gate in `width` cells when no aligned column fits: the limit gives way first, then the value; the name is cut with '…'. */
function narrowGate(r: GateRow, width: number): Line {
  const style = passStyle(r.pass);
  return fieldsLine(
    [
      { alts: [[seg(r.pass ? PASS_MARK : FAIL_MARK, style)]], rank: 10 },
      { alts: [[seg(r.name, style)]], rank: 8, elastic: true, minCut: 2 },
      { alts: [[seg(gateValueText(r.value, MAX_VALUE), style)], [seg(gateValueText(r.value, MIN_VALUE), style)]], rank: [7, 6] },
      { alts: [[seg(gateValueText(r.limit, MAX_VALUE), theme.muted)], [seg(gateValueText(r.limit, MIN_VALUE), theme.muted)]], rank: [5, 4] },
    ],
    width,
  );
}

export function Gates(props: GatesProps): ReactElement {
  return <Lines lines={gatesLines(props)} width={props.width} height={props.height} />;
}

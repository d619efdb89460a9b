// model/decision-line: the journal lines of a strategy's decisions and gate tallies, written and read.
// A decision line: seq, timeUs, type, decisionId, product, symbol, action, side, score, alphaBps, costBps,
// costParts {fee, halfSpread, slippage, adverseSelection, latencyBuffer, safetyMargin} | null, gates
// [{gate, pass, value, limit}], features {name: number | null, keys sorted}, intent {type, side, price, qty}
// | null (price and qty as decimal strings in the instrument's units), reason. A gate tally: seq, timeUs,
// type, product, symbol, evaluations, rejectedBy {gate: n, keys sorted}. Floats are JSON numbers, the
// shortest text that reads back to the same double (so the same decision is the same bytes); NaN and
// Infinity are never written: a RangeError, as for anything else that breaks the Decision's rules.

import { COST_PART_NAMES, DECISION_ACTIONS, type CostParts, type DecisionAction, type DecisionIntent, type GateResult } from './decision.js';
import {
  LineProblem,
  count,
  finite,
  finiteOf,
  finiteOrNull,
  finiteOrNullOf,
  finiteOrNullValue,
  integer,
  integerValue,
  lotsOf,
  objectOf,
  price,
  productOf,
  qty,
  sortedObjectText,
  text,
  ticksOf,
  type Fields,
  type InstrumentOf,
} from './line-values.js';
import type { DecisionMade, GatesTallied } from './trading-event.js';

interface Head {
  readonly seq: number;
  readonly timeUs: number;
}

type Entry = readonly [string, string];

const INTENT_TYPES: readonly DecisionIntent['type'][] = ['LIMIT_MAKER', 'LIMIT_IOC'];

/** The canonical line of a decision; `head` is the line's seq and time, already checked. */
export function decisionLine(head: Head, e: DecisionMade, instrumentOf: InstrumentOf): string {
  if (!DECISION_ACTIONS.includes(e.action)) throw new RangeError(`unknown decision action "${String(e.action)}"`);
  if (e.side !== null && e.side !== 'BUY' && e.side !== 'SELL') throw new RangeError(`decision side must be "BUY", "SELL" or null, got "${String(e.side)}"`);
  const intentProblem = intentMismatch(e.action, e.side, e.intent);
  if (intentProblem !== null) throw new RangeError(intentProblem);
  const entries: Entry[] = [
    ['seq', json(head.seq)],
    ['timeUs', json(head.timeUs)],
    ['type', json(e.type)],
    ['decisionId', json(e.decisionId)],
    ['product', json(e.product)],
    ['symbol', json(e.symbol)],
    ['action', json(e.action)],
    ['side', json(e.side)],
    ['score', json(finiteOrNull(e.score, 'score'))],
    ['alphaBps', json(finiteOrNull(e.alphaBps, 'alphaBps'))],
    ['costBps', json(finiteOrNull(e.costBps, 'costBps'))],
    ['costParts', json(e.costParts === null ? null : costPartsValue(e.costParts))],
    ['gates', json(e.gates.map(gateValue))],
    ['features', sortedObjectText(Object.entries(e.features).map(([name, v]) => [name, json(finiteOrNull(v, `feature ${name}`))]))],
    ['intent', json(e.intent === null ? null : intentValue(e.intent, instrumentOf(e.product, e.symbol)))],
    ['reason', json(e.reason)],
  ];
  return objectText(entries);
}

/** The canonical line of a gate tally; each gate's count is at most the evaluations. */
export function gateTallyLine(head: Head, e: GatesTallied): string {
  const evaluations = count(e.evaluations, 'evaluations');
  const rejectedBy = Object.entries(e.rejectedBy).map(([gate, n]): Entry => {
    if (count(n, `rejectedBy.${gate}`) > evaluations) throw new RangeError(`gate ${gate} rejected ${n} of ${evaluations} evaluations`);
    return [gate, json(n)];
  });
  return objectText([
    ['seq', json(head.seq)],
    ['timeUs', json(head.timeUs)],
    ['type', json(e.type)],
    ['product', json(e.product)],
    ['symbol', json(e.symbol)],
    ['evaluations', json(evaluations)],
    ['rejectedBy', sortedObjectText(rejectedBy)],
  ]);
}

/** A decision read back from its line's fields; throws a LineProblem naming the first field that is wrong. */
export function decisionOfFields(head: Head, f: Fields, known: InstrumentOf): DecisionMade {
  const product = productOf(f);
  const symbol = text(f, 'symbol');
  const action = text(f, 'action') as DecisionAction;
  if (!DECISION_ACTIONS.includes(action)) throw new LineProblem(`unknown decision action "${action}"`);
  const side = f.side;
  if (side !== null && side !== 'BUY' && side !== 'SELL') throw new LineProblem('"side" must be "BUY", "SELL" or null');
  if (!Array.isArray(f.gates)) throw new LineProblem('"gates" must be a list');
  const features = objectOf(f, 'features');
  return {
    ...head,
    type: 'decision',
    decisionId: text(f, 'decisionId'),
    product,
    symbol,
    action,
    side,
    score: finiteOrNullOf(f, 'score'),
    alphaBps: finiteOrNullOf(f, 'alphaBps'),
    costBps: finiteOrNullOf(f, 'costBps'),
    costParts: f.costParts === null ? null : costPartsOf(objectOf(f, 'costParts')),
    gates: (f.gates as unknown[]).map(gateOf),
    features: Object.fromEntries(Object.entries(features).map(([name, v]) => [name, finiteOrNullValue(v, `feature "${name}"`)])),
    intent: f.intent === null ? null : intentOf(objectOf(f, 'intent'), () => known(product, symbol)),
    reason: text(f, 'reason'),
  };
}

/** A gate tally read back from its line's fields. */
export function gateTallyOfFields(head: Head, f: Fields): GatesTallied {
  const rejectedBy = objectOf(f, 'rejectedBy');
  return {
    ...head,
    type: 'gateTally',
    product: productOf(f),
    symbol: text(f, 'symbol'),
    evaluations: integer(f, 'evaluations'),
    rejectedBy: Object.fromEntries(Object.entries(rejectedBy).map(([gate, n]) => [gate, integerValue(n, `rejectedBy "${gate}"`)])),
  };
}

// Writing.

function json(value: unknown): string {
  return JSON.stringify(value);
}

function objectText(entries: readonly Entry[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** Why an intent does not fit the action and side (an intent exactly for BUY and SELL_INVENTORY, on their side), or null. */
function intentMismatch(action: DecisionAction, side: DecisionMade['side'], intent: DecisionIntent | null): string | null {
  if (action === 'NO_TRADE') return intent === null ? null : 'a NO_TRADE decision has no intent';
  if (intent === null) return `a ${action} decision needs its intent`;
  const wanted = action === 'BUY' ? 'BUY' : 'SELL';
  if (intent.side !== wanted || side !== wanted) return `a ${action} decision's side and intent side must be ${wanted} (side ${String(side)}, intent ${String(intent.side)})`;
  return null;
}

function costPartsValue(parts: CostParts): CostParts {
  return Object.fromEntries(COST_PART_NAMES.map((name) => [name, finite(parts[name], `costParts.${name}`)])) as unknown as CostParts;
}

function gateValue(g: GateResult): GateResult {
  return { gate: g.gate, pass: g.pass, value: gateScalar(g.value, `gate ${g.gate} value`), limit: gateScalar(g.limit, `gate ${g.gate} limit`) };
}

function gateScalar(v: GateResult['value'], name: string): GateResult['value'] {
  return typeof v === 'number' ? finite(v, name) : v;
}

function intentValue(intent: DecisionIntent, inst: ReturnType<InstrumentOf>): Record<string, string> {
  if (!INTENT_TYPES.includes(intent.type)) throw new RangeError(`unknown intent type "${String(intent.type)}"`);
  return { type: intent.type, side: intent.side, price: price(inst, intent.priceTicks), qty: qty(inst, intent.qtyLots) };
}

// Reading.

function costPartsOf(f: Fields): CostParts {
  return Object.fromEntries(COST_PART_NAMES.map((name) => [name, finiteOf(f, name)])) as unknown as CostParts;
}

function gateOf(value: unknown, i: number): GateResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LineProblem(`gate ${i} must be an object`);
  const g = value as Fields;
  const gate = text(g, 'gate');
  if (typeof g.pass !== 'boolean') throw new LineProblem(`gate ${gate}: "pass" must be true or false`);
  return { gate, pass: g.pass, value: gateScalarOf(g.value, `gate ${gate}: "value"`), limit: gateScalarOf(g.limit, `gate ${gate}: "limit"`) };
}

function gateScalarOf(v: unknown, name: string): GateResult['value'] {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new LineProblem(`${name} must be a finite number, true, false, a string or null`);
}

function intentOf(f: Fields, inst: () => ReturnType<InstrumentOf>): DecisionIntent {
  const type = text(f, 'type') as DecisionIntent['type'];
  if (!INTENT_TYPES.includes(type)) throw new LineProblem(`unknown intent type "${type}"`);
  const side = text(f, 'side');
  if (side !== 'BUY' && side !== 'SELL') throw new LineProblem('intent "side" must be "BUY" or "SELL"');
  const instrument = inst();
  return { type, side, priceTicks: ticksOf(f, 'price', instrument), qtyLots: lotsOf(f, 'qty', instrument) };
}

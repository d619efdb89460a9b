// tui/gates-view: the gate status of one symbol as view-model data (view-model.ts GatesView), from the
// strategy's decisions (model/decision.ts): the latest evaluation — every gate's pass/fail with its value
// and limit, the score, the expected edge against the cost and its parts — and the last decision that went
// to the journal. Values stay as the strategy gave them; the pane (panes/gates.tsx) writes them into the
// cells it has.

import { COST_PART_NAMES, type CostParts, type Decision } from '../model/index.js';
import { clockText } from './view.js';
import type { CostPartView, DecisionSummary, GatesView } from './view-model.js';

/** How each cost part is labelled, in full and for narrow panes. */
export const COST_PART_LABELS: Readonly<Record<keyof CostParts, { readonly label: string; readonly short: string }>> = {
  fee: { label: 'fee', short: 'fee' },
  halfSpread: { label: 'half spread', short: '½spr' },
  slippage: { label: 'slippage', short: 'slip' },
  adverseSelection: { label: 'adverse', short: 'adv' },
  latencyBuffer: { label: 'latency', short: 'lat' },
  safetyMargin: { label: 'safety', short: 'safe' },
};

function summary(d: Decision): DecisionSummary {
  return { time: clockText(d.timeUs), action: d.action, reason: d.reason };
}

function costParts(parts: CostParts | null): CostPartView[] | null {
  if (parts === null) return null;
  return COST_PART_NAMES.map((name) => ({ ...COST_PART_LABELS[name], bps: parts[name] }));
}

/**
 * The gate status: `latest` is the symbol's latest evaluation (null before the first), `journaled` the last
 * one that went to the journal, `evaluations` how many there were.
 */
export function gatesView(latest: Decision | null, journaled: Decision | null, evaluations: number, notTraded: string | null = null): GatesView {
  return {
    notTraded,
    latest:
      latest === null
        ? null
        : {
            ...summary(latest),
            side: latest.side,
            score: latest.score,
            alphaBps: latest.alphaBps,
            costBps: latest.costBps,
            costParts: costParts(latest.costParts),
            gates: latest.gates.map((g) => ({ name: g.gate, pass: g.pass, value: g.value, limit: g.limit })),
          },
    lastJournaled: journaled === null ? null : summary(journaled),
    evaluations,
  };
}

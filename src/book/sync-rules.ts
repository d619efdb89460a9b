// book/sync-rules: Binance's documented rules for aligning a diff stream with a REST snapshot, per product.
//   spot: drop diffs with u <= lastUpdateId; the first applied diff has U <= lastUpdateId+1 <= u;
//         afterwards each diff has U == previous u + 1.
//   USD-M: drop diffs with u < lastUpdateId; the first applied diff has U <= lastUpdateId <= u;
//         afterwards each diff has pu == previous u.
// Pure functions of the ids; BookSync decides what to do with the answers.

import type { DepthDiffEvent, Product } from '../model/index.js';

export interface SyncRules {
  readonly product: Product;
  /** The diff is entirely older than a snapshot with this lastUpdateId and must be dropped. */
  isBeforeSnapshot(diff: DepthDiffEvent, lastUpdateId: number): boolean;
  /** The diff may be the first one applied on top of a snapshot with this lastUpdateId. */
  spansSnapshot(diff: DepthDiffEvent, lastUpdateId: number): boolean;
  /** The diff directly follows the previously applied diff, whose final id was `prevFinalId`. */
  continues(diff: DepthDiffEvent, prevFinalId: number): boolean;
  /** Describes what `continues` expected, for notices. */
  expectation(prevFinalId: number): string;
}

export const SPOT_RULES: SyncRules = {
  product: 'spot',
  isBeforeSnapshot: (diff, lastUpdateId) => diff.finalUpdateId <= lastUpdateId,
  spansSnapshot: (diff, lastUpdateId) =>
    diff.firstUpdateId <= lastUpdateId + 1 && lastUpdateId + 1 <= diff.finalUpdateId,
  continues: (diff, prevFinalId) => diff.firstUpdateId === prevFinalId + 1,
  expectation: (prevFinalId) => `U == ${prevFinalId + 1}`,
};

export const USDM_RULES: SyncRules = {
  product: 'usdm',
  isBeforeSnapshot: (diff, lastUpdateId) => diff.finalUpdateId < lastUpdateId,
  spansSnapshot: (diff, lastUpdateId) =>
    diff.firstUpdateId <= lastUpdateId && lastUpdateId <= diff.finalUpdateId,
  continues: (diff, prevFinalId) => diff.prevFinalUpdateId === prevFinalId,
  expectation: (prevFinalId) => `pu == ${prevFinalId}`,
};

export function rulesFor(product: Product): SyncRules {
  return product === 'spot' ? SPOT_RULES : USDM_RULES;
}

export function describeDiff(diff: DepthDiffEvent): string {
  const pu = diff.prevFinalUpdateId === null ? '' : ` pu=${diff.prevFinalUpdateId}`;
  return `U=${diff.firstUpdateId} u=${diff.finalUpdateId}${pu}`;
}

// sim/latency: how long the simulated exchange's messages take, per action — submit (decision → matching),
// cancel (request → effect) and response (matching → strategy). Constant: every message takes the
// configured value. Lognormal: each message takes median × exp(sigma × z), z a standard normal drawn by
// Box–Muller from two uniforms of the run's seeded Random, so the same seed and the same sequence of actions
// give the same delays. Delays are whole microseconds.

import type { Random } from '../core/index.js';
import type { StrategyParams } from '../config/index.js';

export type LatencyAction = 'submit' | 'cancel' | 'response';

export interface LatencyModel {
  /** The delay of one message of `action`, µs (≥ 0). A lognormal model draws from its Random on every call. */
  delayUs(action: LatencyAction): number;
}

/** The configured median per action, ms. */
function medianMs(latency: StrategyParams['latency'], action: LatencyAction): number {
  return action === 'submit' ? latency.submitMs : action === 'cancel' ? latency.cancelMs : latency.responseMs;
}

/** A standard normal draw from two uniforms in [0, 1) (Box–Muller; 1 − u keeps the log finite). */
export function standardNormal(random: Random): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** The latency model of `latency` (a symbol's `latency` parameters); `random` serves the lognormal draws. */
export function latencyModelOf(latency: StrategyParams['latency'], random: Random): LatencyModel {
  if (latency.distribution === 'constant') {
    return { delayUs: (action) => Math.round(medianMs(latency, action) * 1000) };
  }
  return {
    delayUs: (action) => {
      const z = standardNormal(random);
      return Math.round(medianMs(latency, action) * 1000 * Math.exp(latency.sigma * z));
    },
  };
}

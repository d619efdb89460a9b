// signal: the per-symbol signal of a strategy — the baseline score over rolling z-scores, the model's
// alpha, the order's cost with its parts, and the signal gates, as a SignalVerdict with an order intent
// only when every gate passes. Reads a read-only MarketView at an injected Clock's time; no I/O.
export { SignalEngine, SignalSetupError, type SignalVerdict } from './engine.js';
export { AGREEING_TICKER, SIGNAL_GATES, signalGates, type GateInputs, type GateLimits, type SignalGate } from './gates.js';
export {
  costBpsOf,
  intentNotional,
  iocCapTicks,
  latencyBufferBps,
  makerCostParts,
  orderLots,
  planOrder,
  sizedLots,
  type OrderSizing,
  takerCostParts,
  type OrderPlan,
  type OrderPlanInput,
  type OrderSide,
} from './cost.js';
export { BASELINE_TERMS, DIRECTIONAL_TERMS, readMarket, weightedMlofi, type BaselineTerm, type MarketReading } from './inputs.js';
export { RollingBaseline } from './rolling-baseline.js';

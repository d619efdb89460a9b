// core: primitives every other layer may use — errors, time, exact fixed-point numbers, digests.
// Depends on nothing in flowdesk.
export { FlowdeskError, InputError, StateError, UnitError, UsageError, isFlowdeskError, isInputError, isStateError, isUnitError, isUsageError } from './errors.js';
export { AttemptBudget, backoffCeilingMs, fullJitterMs, type AttemptBudgetOptions, type BackoffPolicy } from './backoff.js';
export type { Clock, ClockAnchor } from './clock.js';
export { EventTimeScheduler } from './event-time.js';
export { DEFAULT_MAX_SLEW_US_PER_SECOND, UtcSlewedClock, type SlewOptions, type TimeSources } from './utc-slewed-clock.js';
export { POW10, decimalPlaces, formatScaled, parseScaled, scaledRun, scaledSpan, scanned, significantDecimalPlaces } from './fixed-point.js';
export { LineDigest, RunningDigest } from './digest.js';
export { isSeededRandom, seededRandom, type Random, type SeededRandom } from './random.js';
export type { Cancel, Scheduler } from './scheduler.js';
export { lowerBound } from './search.js';
export { makeDirectory } from './make-dir.js';

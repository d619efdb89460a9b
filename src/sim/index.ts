// sim: the trading simulator — the simulated exchange (matching our orders against the replayed market with
// queue position, latency, partial fills and rejects) and the simulated account behind it. Depends on core,
// model, book, config. docs/BACKTEST.md explains every assumption.
export type { SimAccountPort, SimFill, SimFillBooked } from './account-port.js';
export { SIM_REASONS, SimulatedExchange, type SimOrderFacts, type SimSymbol, type SimTime, type SimulatedExchangeOptions } from './exchange.js';
export { latencyModelOf, standardNormal, type LatencyAction, type LatencyModel } from './latency.js';
export { AveragePrice, averagePriceMinutes, filterFailureText, orderFilterFailure } from './order-filters.js';
export { QUEUE_MODELS, probabilisticQueue, queueModelOf, riskAverseQueue, type QueueModel, type QueueModelName, type QueuePosition, type QueueWeight } from './queue.js';
export { ORDERS_PER_10S, ORDERS_PER_DAY, OrderRateLimiter, SPOT_ORDER_LIMITS, rateLimitText, type OrderLimits } from './rate-limit.js';

// sim: the simulated exchange of backtests. Rank 3: imports core, model, book, config and log only.
// The account: balances, reservations, fees and positions (account.ts, docs/BACKTEST.md "Accounting").
export { KNOWN_QUOTE_ASSETS, simAccountSymbol, symbolAssets, type SymbolAssets } from './account-assets.js';
export { SimAccount, type SimAccountOptions, type SimAccountSummary, type SimAccountSymbol, type SimSymbolSummary } from './account.js';
export { readSimAccountState, type SimAccountShape, type SimAccountState, type SimBalanceState, type SimReservationState, type SimSymbolState } from './account-state.js';
// The matching side: the exchange (queue position, latency, partial fills, rejects) and its parts (docs/BACKTEST.md "Simulated exchange").
export type { SimAccountPort, SimFill, SimFillBooked } from './account-port.js';
export { ENDED_ORDERS_KEPT, readSimExchangeState, type SimExchangeState, type SimExchangeSymbolState, type SimOrderState } from './exchange-state.js';
export { SIM_REASONS, SimulatedExchange, type SimOrderFacts, type SimSymbol, type SimTime, type SimulatedExchangeOptions } from './exchange.js';
export { latencyModelOf, standardNormal, type LatencyAction, type LatencyModel } from './latency.js';
export { AveragePrice, averagePriceMinutes, filterFailureText, orderFilterFailure } from './order-filters.js';
export { QUEUE_MODELS, probabilisticQueue, queueModelOf, riskAverseQueue, type QueueModel, type QueueModelName, type QueuePosition, type QueueWeight } from './queue.js';
export { ORDERS_PER_10S, ORDERS_PER_DAY, OrderRateLimiter, SPOT_ORDER_LIMITS, rateLimitText, type OrderLimits, type RateLimiterState } from './rate-limit.js';

// sim: the simulated exchange of backtests. Rank 3: imports core, model, book, config and log only.
// The account: balances, reservations, fees and positions (account.ts, docs/BACKTEST.md "Accounting").
export { KNOWN_QUOTE_ASSETS, simAccountSymbol, symbolAssets, type SymbolAssets } from './account-assets.js';
export { SimAccount, type SimAccountOptions, type SimAccountPort, type SimAccountSummary, type SimAccountSymbol, type SimSymbolSummary } from './account.js';

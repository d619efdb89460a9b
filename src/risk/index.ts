// risk: the risk gates of a strategy as values (never exceptions) and the state they need — an exact
// long-flat position ledger (model's PositionLedger), daily notional and loss, drawdown, losing round
// trips, venue health, the operator's switch and the kill switch. Rank 4: imports config and model only.
export { RiskBook, type RiskBookOptions } from './risk-book.js';
export { readRiskBookState, type RiskBookState } from './risk-book-state.js';
export { RISK_GATE_NAMES, type RiskFill, type RiskGateChange, type RiskGateName, type RiskIntent, type RiskPosition } from './types.js';

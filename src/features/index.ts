// features: measures computed from books and trades. Pure functions of engine state; no I/O, no clock.
export { notionalImbalance, type ImbalanceSignal, type NotionalImbalance } from './notional-imbalance.js';

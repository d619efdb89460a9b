// venue: exchange adapters. Today only Binance.
export * from './binance/index.js';

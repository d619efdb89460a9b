// loopback: a fake Binance exchange (spot or USD-M) on 127.0.0.1 for integration tests and benchmarks. The
// real `binance` SDK connects to it through custom base URLs; it serves a real recording as live frames,
// keeps its own book for depth snapshots, and injects faults on command. Never imported by engine code;
// imports only core, model and recording, so it shares no code with what it tests.
export {
  LoopbackExchange,
  type ClientInfo,
  type DepthBody,
  type LoopbackAddress,
  type LoopbackOptions,
  type LoopbackStats,
  type MalformedFrameOptions,
  type SentSummary,
  type SnapshotFailure,
} from './exchange.js';
export type { LoopbackInstrument } from './exchange-info.js';
export { loadRecordingMessages, type LoadOptions } from './load.js';
export type { WireLevel } from './book.js';
export type { PathKind } from './ws-protocol.js';

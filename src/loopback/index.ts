// loopback: a fake Binance exchange (spot or USD-M) on 127.0.0.1 for integration tests and benchmarks. The
// real `binance` SDK connects to it through custom base URLs; it serves a real recording as live frames,
// keeps its own book for depth snapshots, and injects faults on command. Optionally (spot) a private side:
// signed REST orders and account, the WS API user-data stream, its own matcher, private faults. Every
// request a port receives is recorded. Never imported by engine code;
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
export type { RequestRecord, RequestTransport } from './request-log.js';
export { PrivateSide, type PrivateOptions, type UserEventRecord } from './private/private-side.js';
export { PrivateLedger, type AccountConfig, type BalanceView, type OrderView } from './private/ledger.js';
export type { AcceptFailure, RejectCode, UserEventType } from './private/faults.js';
export type { UserStreamInfo } from './private/ws-api.js';

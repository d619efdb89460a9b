// book: exact local order books and their synchronisation with Binance's diff streams. Integer ticks and
// lots only; no I/O, no clock.
export { SortedLevels } from './sorted-levels.js';
export { BookFingerprint } from './fingerprint.js';
export { BookSide } from './book-side.js';
export { OrderBook } from './order-book.js';
export { SPOT_RULES, USDM_RULES, describeDiff, rulesFor, type SyncRules } from './sync-rules.js';
export {
  BookSync,
  type BookSyncOptions,
  type ResyncCause,
  type SyncOutcome,
  type SyncState,
} from './book-sync.js';
export { BboFusion, type BboCheck, type TopOfBook } from './bbo-fusion.js';
export { flatLevels, walkLevels, type LevelSource, type LevelWalk } from './level-walk.js';

// features/markouts: where the price went after an anchor (a trade, a large trade, a detection), at
// horizons of the run's time, with censoring; and the report over them. See docs/MARKOUTS.md.
export { detectionSide } from './anchors.js';
export { ANCHOR_KINDS, MarkoutEngine, MarkoutMarket, type AnchorKind, type MarkoutRow, type MarkoutSink, type MarkoutTime } from './engine.js';
export { DEFAULT_HORIZONS_MS, MAX_HORIZONS, MAX_HORIZON_MS, horizonLabel, parseHorizons } from './horizons.js';
export { MarkoutStats, type MarkoutGroup, type MarkoutSummary } from './stats.js';

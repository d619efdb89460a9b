// recording: reading and writing recordings of raw market messages — flowdesk's own format and the
// hftbacktest collector format — damage-tolerant, gzip or plain; and the trading journal file (JSONL).
// Knows nothing of Binance's payloads.
export { probeFile, readHeadLines, readLineBatches, type LineBatch, type WarningSink } from './line-reader.js';
export {
  FILE_SUFFIX,
  FORMAT_NAME,
  FORMAT_VERSION,
  decodeHeader,
  decodeMessage,
  encodeHeader,
  encodeMessage,
  type RecordingHeader,
} from './flowdesk-format.js';
export {
  decodeHftLine,
  detectFormat,
  readFlowdeskRecording,
  readHftRecording,
  readRecording,
  type HftReadOptions,
  type MessageBatches,
  type ReaderSpec,
  type ReaderStats,
  type RecordingFormat,
} from './readers.js';
export { DEFAULT_GZIP_LEVEL, RecordingWriteError, RecordingWriter, type RecordingWriterOptions } from './writer.js';
export {
  JOURNAL_FILE_SUFFIX,
  JournalWriteError,
  TradingJournal,
  readTradingJournal,
  type TradingJournalContents,
} from './trading-journal.js';

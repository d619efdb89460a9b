// Public API of the logging module. Owns nothing itself; must never expose a way to log to stdout.
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  REDACT_PATHS,
  buildScrubber,
  createLogger,
  createSilentLogger,
  isLogFileError,
  LogFileError,
  type CreateLoggerOptions,
  type Logger,
} from './logger.js';

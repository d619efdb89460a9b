// cli/context: what every command receives — terminal streams, configuration and a logger — and how it is
// made from the configuration (by main, and by a command's worker thread from the same configuration).

import { secretValues, type Config } from '../config/index.js';
import type { EngineOptions } from '../kernel/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { printLine, type CliIo } from './io.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly config: Config;
  readonly logger: Logger;
  /** Book-engine options from the configuration (stale-stream time, diff buffer). */
  readonly engine: EngineOptions;
  /** Prints a warning for the user (stderr) and logs it. */
  warn(message: string): void;
}

/** The context of a command: a logger to the configured file or stderr (secrets scrubbed), engine options. */
export function createCommandContext(io: CliIo, config: Config): CommandContext {
  const logger = createLogger({ level: config.logLevel, file: config.logFile, secrets: secretValues(config), name: 'flowdesk' });
  return {
    io,
    config,
    logger,
    engine: { staleStreamMs: config.staleStreamMs, maxBufferedDiffs: config.maxBufferedDiffs },
    warn: (message) => {
      printLine(io.stderr, `flowdesk: warning: ${message}`);
      if (config.logFile !== null) logger.warn(message);
    },
  };
}

// cli/context: what every command receives — terminal streams, configuration and a logger.

import type { Config } from '../config/index.js';
import type { EngineOptions } from '../kernel/index.js';
import type { Logger } from '../log/index.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly config: Config;
  readonly logger: Logger;
  /** Book-engine options from the configuration (stale-stream time, diff buffer). */
  readonly engine: EngineOptions;
  /** Prints a warning for the user (stderr) and logs it. */
  warn(message: string): void;
}

// cli/console-log: where logs go while a console owns the terminal. Never the terminal (JSON lines over the
// Ink screen): FLOWDESK_LOG_FILE when set, else a file in the user's state directory
// ($XDG_STATE_HOME/flowdesk/console.log, by default ~/.local/state/flowdesk/console.log), else one in the
// temporary directory. The console shows the path (status bar, `?` help).

import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { createLogger, isLogFileError, type Logger } from '../log/index.js';
import { secretValues } from '../config/index.js';
import type { ConsoleModel } from '../tui/index.js';
import type { CommandContext } from './context.js';

/** The default console log files, most preferred first. */
export function defaultConsoleLogFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const state = env['XDG_STATE_HOME'] !== undefined && env['XDG_STATE_HOME'] !== '' ? env['XDG_STATE_HOME'] : join(homedir(), '.local', 'state');
  let user = 'user';
  try {
    user = String(userInfo().uid);
  } catch {
    // no passwd entry: keep the generic name
  }
  return [join(state, 'flowdesk', 'console.log'), join(tmpdir(), `flowdesk-${user}`, 'console.log')];
}

export interface ConsoleLog {
  readonly file: string;
  readonly logger: Logger;
}

/** Opens the console's log file (the configured one, or the first default that can be written). */
export function openConsoleLog(config: Config, env: NodeJS.ProcessEnv = process.env): ConsoleLog {
  const candidates = config.logFile !== null ? [config.logFile] : defaultConsoleLogFiles(env);
  let lastError: unknown = null;
  for (const file of candidates) {
    try {
      return { file, logger: createLogger({ level: config.logLevel, file, secrets: secretValues(config), name: 'flowdesk' }) };
    } catch (error) {
      if (!isLogFileError(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The command's context while its console is up: logs and warnings go to the console's log file only; the
 * terminal belongs to the console.
 */
export function consoleContext(context: CommandContext, log: ConsoleLog): CommandContext {
  return {
    ...context,
    config: { ...context.config, logFile: log.file },
    logger: log.logger,
    warn: (message) => log.logger.warn(message),
  };
}

/** A path for display: the home directory as ~. */
export function displayPath(file: string): string {
  const home = homedir();
  return home !== '' && file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file;
}

/** The console's model with the log file's path in every view (the status bar and help show it). */
export function withLogFile(model: ConsoleModel, file: string): ConsoleModel {
  const shown = displayPath(file);
  return {
    view: (size, fps) => {
      const view = model.view(size, fps);
      return { ...view, status: { ...view.status, logFile: shown } };
    },
    input: (text, key, wallUs) => model.input(text, key, wallUs),
    ...(model.tick === undefined ? {} : { tick: (wallUs: number, batch: number) => model.tick?.(wallUs, batch) ?? Promise.resolve() }),
    ended: () => model.ended?.() === true,
  };
}

// cli/main: the `flowdesk` command. Loads configuration (.env then the environment) before anything else,
// sets up logging, dispatches to a command, and turns every expected failure into one line on stderr
// and a non-zero exit code — never a stack trace for bad input.

import { isConfigError, loadConfig, parseCommandLine, secretValues, type Config } from '../config/index.js';
import { isFlowdeskError, isInputError, isUsageError } from '../core/index.js';
import { createLogger, isLogFileError, type Logger } from '../log/index.js';
import { NoTerminalError } from '../tui/index.js';
import { convertCommand } from './commands/convert.js';
import { detectCommand } from './commands/detect.js';
import { featuresCommand } from './commands/features.js';
import { impactCommand } from './commands/impact.js';
import { liveCommand } from './commands/live.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';
import { commandHelp, type Command } from './command.js';
import type { CommandContext } from './context.js';
import { defaultIo, printLine, type CliIo } from './io.js';
import { flowdeskVersion } from './version.js';

export const COMMANDS: readonly Command[] = [replayCommand, liveCommand, recordCommand, featuresCommand, detectCommand, impactCommand, convertCommand];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `flowdesk ${flowdeskVersion()} — order-flow research console for Binance`,
    '',
    'usage: flowdesk <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `flowdesk <command> --help` for a command\'s options. Configuration: .env and environment',
    'variables (see .env.example).',
  ].join('\n');
}

/** Runs the CLI and returns the exit code (0 ok, 1 failed, 2 usage or configuration error). */
export async function main(argv: readonly string[], io: CliIo = defaultIo(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    printLine(io.stdout, helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    printLine(io.stdout, flowdeskVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    printLine(io.stderr, `flowdesk: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  // The arguments are checked first: a usage mistake is said before anything is read or opened.
  let line;
  try {
    line = parseCommandLine(command, rest);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    printLine(io.stderr, `flowdesk: ${error.message}`);
    return 2;
  }
  if (line.help) {
    printLine(io.stdout, commandHelp(command));
    return 0;
  }
  let config: Config;
  let logger: Logger;
  try {
    config = loadConfig({ env, secrets: command.usesSecrets });
    logger = createLogger({ level: config.logLevel, file: config.logFile, secrets: secretValues(config), name: 'flowdesk' });
  } catch (error) {
    if (isConfigError(error)) {
      printLine(io.stderr, `flowdesk: configuration error: ${error.message}`);
      return 2;
    }
    if (isLogFileError(error)) {
      printLine(io.stderr, `flowdesk: configuration error: FLOWDESK_LOG_FILE: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const context: CommandContext = {
    io,
    config,
    logger,
    engine: { staleStreamMs: config.staleStreamMs, maxBufferedDiffs: config.maxBufferedDiffs },
    warn: (message) => {
      printLine(io.stderr, `flowdesk: warning: ${message}`);
      if (config.logFile !== null) logger.warn(message);
    },
  };
  try {
    return await command.run(line, context);
  } catch (error) {
    if (error instanceof NoTerminalError) {
      printLine(io.stderr, `flowdesk: ${error.message}`);
      return 2;
    }
    if (isUsageError(error)) {
      printLine(io.stderr, `flowdesk: ${error.message}`);
      return 2;
    }
    if (isFlowdeskError(error)) {
      printLine(io.stderr, `flowdesk: ${isInputError(error) ? '' : 'error: '}${error.message}`);
      // Expected failures are already said on stderr in one line; a log file gets the details too.
      if (config.logFile !== null) logger.error({ err: error }, error.message);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    printLine(io.stderr, `flowdesk: unexpected error: ${message}`);
    logger.error({ err: error }, 'unexpected error');
    return 1;
  } finally {
    logger.flush();
  }
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith('/dist/cli/main.js');
if (isEntryPoint) {
  // `flowdesk ... | head`: a closed pipe ends the output quietly, like any Unix tool.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}

// cli/main: the `flowdesk` command. Loads configuration (.env then the environment) before anything else,
// sets up logging, dispatches to a command, and turns every expected failure into one line on stderr
// and a non-zero exit code — never a stack trace for bad input.

import { closeSync } from 'node:fs';
import { isConfigError, loadConfig, parseCommandLine, type Config } from '../config/index.js';
import { isFlowdeskError, isInputError, isUsageError } from '../core/index.js';
import { isLogFileError } from '../log/index.js';
import { NoTerminalError } from '../tui/index.js';
import { convertCommand } from './commands/convert.js';
import { detectCommand } from './commands/detect.js';
import { featuresCommand } from './commands/features.js';
import { fitCommand } from './commands/fit.js';
import { impactCommand } from './commands/impact.js';
import { liveCommand } from './commands/live.js';
import { markoutsCommand } from './commands/markouts.js';
import { paperCommand } from './commands/paper.js';
import { tradeCommand } from './commands/trade.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';
import { researchCommand } from './commands/research.js';
import { signalsCommand } from './commands/signals.js';
import { backtestCommand } from './commands/backtest.js';
import { strategyCommand } from './commands/strategy.js';
import { commandHelp, type Command } from './command.js';
import { createCommandContext, type CommandContext } from './context.js';
import { defaultIo, printLine, type CliIo } from './io.js';
import { isOutputLockedError } from './output-lock.js';
import { flowdeskVersion } from './version.js';

export const COMMANDS: readonly Command[] = [replayCommand, liveCommand, recordCommand, featuresCommand, detectCommand, markoutsCommand, researchCommand, fitCommand, strategyCommand, signalsCommand, backtestCommand, paperCommand, tradeCommand, impactCommand, convertCommand];

/** The one visible line about what flowdesk is built with and what it is not (README: Attribution, Disclaimer). */
export const ABOUT_LINE = 'Built with the Siebly Prompt Framework (https://siebly.io/ai). Research software: not financial, investment, legal, tax, compliance or security advice.';

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
    '',
    ABOUT_LINE,
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
  let context: CommandContext;
  try {
    config = loadConfig({ env, secrets: command.usesSecrets });
    context = createCommandContext(io, config);
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
  const logger = context.logger;
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
      printLine(io.stderr, `flowdesk: ${isInputError(error) || isOutputLockedError(error) ? '' : 'error: '}${error.message}`);
      // Expected failures are already said on stderr in one line; a log file gets the details too.
      if (config.logFile !== null) logger.error({ err: error }, error.message);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    printLine(io.stderr, `flowdesk: unexpected error: ${message}`);
    logger.error({ err: error }, 'unexpected error');
    return 1;
  } finally {
    // Every log line on disk before the process ends (the file destination writes asynchronously).
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  }
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith('/dist/cli/main.js');
if (isEntryPoint) {
  // `flowdesk ... | head`: a closed pipe ends the output quietly, like any Unix tool. A terminal that hung
  // up (a dropped SSH connection: EIO) has no reader any more: what is written is lost, and the command
  // finishes its work (closes its files) on the SIGHUP that came with it instead of crashing here.
  let terminalGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    if (error.code !== 'EIO') throw error;
    terminalGone = true;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EIO') terminalGone = true;
    else if (error.code !== 'EPIPE') throw error;
  });
  // Node 20 restores the terminal's mode on exit and aborts when the terminal is gone (nodejs/node#51519,
  // fixed in later Node versions): once it is, the standard descriptors are closed first, so that step is
  // skipped and the exit code stays the command's.
  process.on('exit', () => {
    if (!terminalGone) return;
    for (const fd of [0, 1, 2]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  });
  const code = await main(process.argv.slice(2));
  // The command has finished its work (files closed, sockets closed): a request still in flight or a
  // timer of a library must not keep the process alive (a SIGTERM while connecting would otherwise wait
  // for the REST timeout). What was written to stdout is flushed first.
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

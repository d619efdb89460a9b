// cli/command: what a command is — its name, help, declared options and operands (config's option
// declarations), and its run function, which receives values already parsed and checked. The one path from
// an argument list to a running command (runCommand) and the one --help layout (commandHelp).

import { optionsHelp, parseCommandLine, usageLine, type CommandLineSpec, type OptionSet, type OptionValues } from '../config/index.js';
import type { CommandContext } from './context.js';
import { printLine } from './io.js';

export interface CommandInput<S extends OptionSet> {
  readonly values: OptionValues<S>;
  readonly operands: readonly string[];
}

export interface Command<S extends OptionSet = OptionSet> extends CommandLineSpec<S> {
  /** One line for `flowdesk --help`. */
  readonly summary: string;
  /** What the command does, for its --help (between the usage line and the options). */
  readonly description: string;
  /** false: the command works on public data only and never loads API keys (even when set). */
  readonly usesSecrets: boolean;
  run(input: CommandInput<S>, context: CommandContext): Promise<number>;
}

/** Types a command's run() by its options. */
export function defineCommand<S extends OptionSet>(command: Command<S>): Command<S> {
  return command;
}

/** A command's --help: usage line, description, every option with its range and default. */
export function commandHelp(command: Command): string {
  return `${usageLine(command)}\n\n${command.description}\n\noptions:\n${optionsHelp(command.options)}\n  -h, --help`;
}

/** Parses `argv` for the command (a UsageError for any mistake) and runs it, or prints its help. */
export async function runCommand(command: Command, argv: readonly string[], context: CommandContext): Promise<number> {
  const line = parseCommandLine(command, argv);
  if (line.help) {
    printLine(context.io.stdout, commandHelp(command));
    return 0;
  }
  return command.run(line, context);
}

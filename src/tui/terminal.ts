// tui/terminal: whether the console can run here, without loading Ink (the CLI asks before it starts
// anything; Ink's raw mode needs a TTY on stdin, and \`isRawModeSupported\` may be undefined, not false).

export class NoTerminalError extends Error {
  override readonly name = 'NoTerminalError';
}

export function terminalProblem(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): string | null {
  if (stdin.isTTY !== true || typeof stdin.setRawMode !== 'function') return 'stdin is not an interactive terminal';
  if (stdout.isTTY !== true) return 'stdout is not a terminal';
  return null;
}

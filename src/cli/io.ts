// cli/io: the CLI's contact with the terminal. Human messages go to stderr; stdout carries only command
// output (reports), so `--report json | jq` works and a UI can own stdout.

import { Writable } from 'node:stream';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

export function printLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}

// cli/partial-file: an output file written under a temporary name (`FILE.partial`) and renamed to FILE only
// when complete, so a failed or interrupted run leaves no partial output behind. Opened before any work, so
// a directory that does not exist is said at once. Used by `features` and `markouts`.

import { open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { FlowdeskError } from '../core/index.js';

export class PartialFile {
  private failure: Error | null = null;

  private constructor(
    private readonly command: string,
    private readonly path: string,
    private readonly tmp: string,
    readonly stream: Writable,
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Opens `path`.partial for writing; a FlowdeskError (`<command>: cannot write PATH: why`) when it cannot. */
  static async open(command: string, path: string): Promise<PartialFile> {
    const tmp = `${path}.partial`;
    try {
      const existing = await stat(path).catch(() => null);
      if (existing?.isDirectory() === true) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const handle = await open(tmp, 'w');
      return new PartialFile(command, path, tmp, handle.createWriteStream());
    } catch (error) {
      throw new FlowdeskError(`${command}: cannot write ${path}: ${writeProblem(error)}`);
    }
  }

  /** Throws the stream's write error, if one happened. */
  check(): void {
    if (this.failure !== null) throw new FlowdeskError(`${this.command}: cannot write ${this.path}: ${writeProblem(this.failure)}`);
  }

  /** Writes `text`; resolves once the stream can take more (backpressure). */
  write(text: string): Promise<void> | void {
    this.check();
    if (!this.stream.write(text)) return once(this.stream, 'drain').then(() => undefined);
  }

  async commit(): Promise<void> {
    this.check();
    this.stream.end();
    await once(this.stream, 'finish');
    await rename(this.tmp, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}

function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (error as Error).message;
}

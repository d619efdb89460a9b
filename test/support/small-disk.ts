// A really full disk for tests: a small tmpfs mounted on a fresh directory. Needs root and the right to
// mount (a container without CAP_SYS_ADMIN has not); where that fails, the reason is returned so the test
// can skip saying why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeKb` KiB, or says why it cannot. */
export function mountSmallDisk(sizeKb: number): SmallDisk | { readonly skipReason: string } {
  if (process.platform !== 'linux') return { skipReason: `needs Linux tmpfs (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { skipReason: 'needs root to mount a small tmpfs' };
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const said = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    return { skipReason: `cannot mount a tmpfs here (${said})` };
  }
  return {
    dir,
    unmount: () => {
      // Lazily if a failed test left a file open on it: the mount goes once the file is closed.
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

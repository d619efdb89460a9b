// core/make-dir: `mkdir -p` that always ends. Node 20's mkdir with { recursive: true } never returns for
// some paths it cannot create (under /proc, for one: it spins at 100 % CPU). This creates each missing
// directory from the deepest existing ancestor down, without `recursive`, so the first failure is thrown
// with its code (ENOENT, EACCES, ENOTDIR, ...). An existing directory is success.

import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    try {
      if (statSync(dir).isDirectory()) break;
      throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made meanwhile: fine
    }
  }
}

// tools/build-freshness: is dist/ older than the sources it is built from, and the rebuild. Shared by the
// `flowdesk` entry point (bin/flowdesk.js) and the test suite's global setup, so neither runs stale code.
// Plain JS ESM (no build step: it decides whether to build); types in build-freshness.d.ts. The build's
// inputs are every file under src/ and the tsconfig*.json files at the root; its stamp is
// dist/.tsbuildinfo, touched after each rebuild (tsc leaves it alone when no output changed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

/** Newest modification time (ms) of the files below `dir`, 0 when there are none. */
export function newestMtimeMs(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newestMtimeMs(file) : statSync(file).mtimeMs);
  }
  return latest;
}

/** Newest modification time (ms) of the build's inputs: src/ and the root's tsconfig*.json. */
export function sourcesMtimeMs(root) {
  let latest = newestMtimeMs(path.join(root, 'src'));
  for (const name of readdirSync(root)) {
    if (/^tsconfig.*\.json$/.test(name)) latest = Math.max(latest, statSync(path.join(root, name)).mtimeMs);
  }
  return latest;
}

/** 'missing' (no dist/cli/main.js or no stamp), 'stale' (a source is newer than the stamp) or 'fresh'. */
export function buildState(root) {
  const stamp = path.join(root, 'dist', '.tsbuildinfo');
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js')) || !existsSync(stamp)) return 'missing';
  return sourcesMtimeMs(root) > statSync(stamp).mtimeMs ? 'stale' : 'fresh';
}

/** The project's TypeScript compiler, or null when it is not installed (a copy without node_modules). */
export function compilerPath(root) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return existsSync(tsc) ? tsc : null;
}

/**
 * Compiles src/ to dist/ (tsconfig.build.json), compiler output on this process's stderr, and touches the
 * stamp so the next check sees the build as fresh. Returns whether the build succeeded.
 */
export function rebuild(root) {
  const tsc = compilerPath(root);
  if (tsc === null) return false;
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) return false;
  const now = new Date();
  utimesSync(path.join(root, 'dist', '.tsbuildinfo'), now, now);
  return true;
}

/** Rebuilds when dist/ is missing or stale; returns what it found (and built). Throws when the build fails. */
export function ensureFreshBuild(root) {
  const state = buildState(root);
  if (state !== 'fresh' && !rebuild(root)) throw new Error(`building dist/ failed (${state}); run \`npm run build\` to see why`);
  return state;
}

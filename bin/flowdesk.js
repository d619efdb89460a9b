#!/usr/bin/env node
// Entry point of the `flowdesk` command. The TypeScript sources are compiled to dist/ by `npm install`
// (the `prepare` script) and by `npm run build`. In a clone whose sources changed since the last build,
// it rebuilds first (one line on stderr), so `npm start` and `npx flowdesk` never run stale code — and
// never pay for a build when nothing changed (the console must be up within 2 s of `npm start`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = new URL('../dist/cli/main.js', import.meta.url);
const stamp = `${root}dist/.tsbuildinfo`;
const tsc = `${root}node_modules/typescript/bin/tsc`;

/** Newest modification time (ms) of the files below `dir`. */
function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${item.name}`;
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

if (existsSync(`${root}src`) && existsSync(tsc) && existsSync(fileURLToPath(entry)) && existsSync(stamp)) {
  const sources = Math.max(newest(`${root}src`), statSync(`${root}tsconfig.json`).mtimeMs, statSync(`${root}tsconfig.build.json`).mtimeMs);
  if (sources > statSync(stamp).mtimeMs) {
    process.stderr.write('flowdesk: sources changed since the last build; rebuilding dist/ ...\n');
    const build = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
    if (build.status !== 0) {
      process.stderr.write('flowdesk: the build failed (see above); fix it or run `npm run build`\n');
      process.exit(2);
    }
    const now = new Date();
    utimesSync(stamp, now, now);
  }
}
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('flowdesk: dist/ is missing; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
// The console renders with React: run it in production mode unless the user asked otherwise.
process.env.NODE_ENV ??= 'production';
await import(entry.href);

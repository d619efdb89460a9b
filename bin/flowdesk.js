#!/usr/bin/env node
// Entry point of the `flowdesk` command. The TypeScript sources are compiled to dist/ by `npm install`
// (the `prepare` script) and by `npm run build`. In a clone whose sources changed since the last build,
// it rebuilds first (one line on stderr), so `npm start` and `npx flowdesk` never run stale code — and
// never pay for a build when nothing changed (the console must be up within 2 s of `npm start`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildState, compilerPath, rebuild } from '../tools/build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = new URL('../dist/cli/main.js', import.meta.url);

if (existsSync(`${root}src`) && compilerPath(root) !== null && buildState(root) === 'stale') {
  process.stderr.write('flowdesk: sources changed since the last build; rebuilding dist/ ...\n');
  if (!rebuild(root)) {
    process.stderr.write('flowdesk: the build failed (see above); fix it or run `npm run build`\n');
    process.exit(2);
  }
}
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('flowdesk: dist/ is missing; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
// The console renders with React: run it in production mode unless the user asked otherwise.
process.env.NODE_ENV ??= 'production';
await import(entry.href);

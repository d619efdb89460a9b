#!/usr/bin/env node
// Entry point of the `flowdesk` command. The TypeScript sources are compiled to dist/ by `npm install`
// (the `prepare` script) and by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('flowdesk: dist/ is missing; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
// The console renders with React: run it in production mode unless the user asked otherwise.
process.env.NODE_ENV ??= 'production';
await import(entry.href);

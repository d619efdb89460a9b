// Builds dist/ once before the suite when it is missing, so CLI tests can run bin/flowdesk.js as a user
// would. `npm test` builds first anyway; this covers `npx vitest` on a fresh checkout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (!existsSync(`${root}dist/cli/main.js`)) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  }
}

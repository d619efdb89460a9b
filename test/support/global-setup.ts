// Builds dist/ before the suite when it is missing or older than any source (src/, tsconfig*.json), so CLI
// tests that run bin/flowdesk.js as a user would never pass on stale code. The check is the entry point's
// own (tools/build-freshness.js); `npm test` builds first anyway, this covers `npx vitest` after an edit.
import { fileURLToPath } from 'node:url';
import { ensureFreshBuild } from '../../tools/build-freshness.js';

export default function setup(): void {
  ensureFreshBuild(fileURLToPath(new URL('../../', import.meta.url)));
}

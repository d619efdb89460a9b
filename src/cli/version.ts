// cli/version: flowdesk's version, read from package.json (the same file in src/ and dist/ layouts).

import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function flowdeskVersion(): string {
  if (cached === null) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { version: string }).version;
  }
  return cached;
}

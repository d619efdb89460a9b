// The one visible line of `flowdesk --help` about what flowdesk is built with and what it is not, and the
// README sections it stands for (Disclaimer, Attribution).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABOUT_LINE } from '../../src/cli/main.js';
import { runInProcess as flowdesk } from '../support/cli-run.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

describe('the about line', () => {
  it('ends flowdesk --help: built with the Siebly Prompt Framework, research software, not advice', async () => {
    const help = await flowdesk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.trimEnd().split('\n').at(-1)).toBe(ABOUT_LINE);
    expect(ABOUT_LINE).toContain('Built with the Siebly Prompt Framework (https://siebly.io/ai)');
    expect(ABOUT_LINE).toMatch(/not financial, investment, legal, tax, compliance or security advice/);
  });

  it('stands for the README\'s Disclaimer and Attribution sections, which say the same', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^## Disclaimer$/m);
    expect(readme).toMatch(/is financial, investment, legal, tax,\s+compliance or security advice/);
    expect(readme).toMatch(/DEMO, TESTNET and LIVE are disabled by default/);
    expect(readme).toMatch(/^## Attribution$/m);
    expect(readme).toContain('Built with the [Siebly Prompt Framework](https://siebly.io/ai)');
  });
});

// Keeps the README's trading sections in step with the code: the "Trading modes" table has one row per
// EXECUTION_MODE naming the key pair that mode reads, and the "Risk controls" table gives each setting
// the default `flowdesk strategy --defaults` prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES, keyVariablesOf } from '../../src/config/index.js';
import { defaultParamAt, sectionLines } from '../support/doc-tables.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

const README = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The cells of each table row in the level-2 section `heading` whose first cell is `code`. */
function codeRows(markdown: string, heading: string): string[][] {
  return sectionLines(markdown, heading)
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
}

describe('codeRows', () => {
  it('reads the cells of the section\'s rows that start with code, and nothing outside the section', () => {
    const doc = '## A\n| x | y |\n|---|---|\n| `a` | 1 |\ntext\n## B\n| `b` | 2 |';
    expect(codeRows(doc, 'A')).toEqual([['`a`', '1']]);
    expect(codeRows(doc, 'C')).toEqual([]);
  });
});

describe('the README', () => {
  it('has a Trading modes row for every EXECUTION_MODE, naming the key pair the mode reads', () => {
    const rows = codeRows(README, 'Trading modes');
    expect(rows.map((cells) => cells[0])).toEqual(EXECUTION_MODES.map((mode) => `\`${mode}\``));
    for (const [cell, mode] of rows.map((cells, i) => [cells[3] ?? '', EXECUTION_MODES[i]] as const)) {
      const keys = keyVariablesOf(mode ?? 'PUBLIC');
      if (keys.length === 0) expect(cell, mode).toBe('none read');
      else expect(cell, mode).toBe(`\`${keys[0]}/${(keys[1] ?? '').split('_').at(-1)}\``);
    }
  });

  it('gives every setting of the Risk controls table its default from the strategy schema', () => {
    const rows = codeRows(README, 'Risk controls');
    expect(rows.length).toBeGreaterThan(5);
    for (const cells of rows) {
      const path = (cells[0] ?? '').replaceAll('`', '');
      const value = defaultParamAt(path);
      expect(value, `${path} is not a strategy field`).not.toBeUndefined();
      expect(cells[1], path).toBe(String(value));
    }
  });
});

// Keeps docs/STRATEGY.md in step with the schema: its "## Fields" table has one row per field of the strategy
// file (STRATEGY_PATHS), names no field that does not exist, and gives each field's default as the JSON
// `flowdesk strategy --defaults` prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRATEGY_PATHS } from '../../src/config/index.js';
import { defaultParamAt, sectionLines } from '../support/doc-tables.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

const REFERENCE = readFileSync(join(PROJECT_ROOT, 'docs/STRATEGY.md'), 'utf8');

interface FieldRow {
  readonly path: string;
  /** The last cell, without its backticks. */
  readonly defaultText: string;
}

/** The rows of the table in the level-2 section `heading` whose first cell is a `code` path. */
function fieldRows(markdown: string, heading: string): FieldRow[] {
  return sectionLines(markdown, heading)
    .map((line) => /^\| `([^`]+)` \|.*\| `([^`]*)` \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1] ?? '', defaultText: m[2] ?? '' }));
}

describe('fieldRows', () => {
  it('reads the path and default of each row of the section\'s table, and nothing outside the section', () => {
    const doc = '## Fields\n| path | meaning | default |\n|---|---|---|\n| `a.b` | x | `1` |\n| `c` | y | `"z"` |\ntext `d`\n## Other\n| `e` | w | `2` |';
    expect(fieldRows(doc, 'Fields')).toEqual([
      { path: 'a.b', defaultText: '1' },
      { path: 'c', defaultText: '"z"' },
    ]);
    expect(fieldRows(doc, 'Missing')).toEqual([]);
  });
});

describe('docs/STRATEGY.md', () => {
  const rows = fieldRows(REFERENCE, 'Fields');
  const documented = rows.map((r) => r.path);

  it('has a row for every field of the strategy file', () => {
    expect(STRATEGY_PATHS.length).toBeGreaterThan(40);
    expect(
      STRATEGY_PATHS.filter((p) => !documented.includes(p)),
      'fields missing from the table of docs/STRATEGY.md',
    ).toEqual([]);
  });

  it('names no field that the strategy file does not have, and none twice', () => {
    expect(
      documented.filter((p) => !STRATEGY_PATHS.includes(p)),
      'fields in docs/STRATEGY.md that do not exist',
    ).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('gives every field\'s default as flowdesk strategy --defaults prints it', () => {
    for (const row of rows.filter((r) => STRATEGY_PATHS.includes(r.path))) {
      expect(JSON.parse(row.defaultText), `default of ${row.path}`).toEqual(defaultParamAt(row.path));
    }
  });
});

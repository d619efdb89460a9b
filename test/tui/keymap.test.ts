// The console's one key table (tui/keymap.ts): every key is distinct, its short text fits the help's two
// columns, the trading keys are there, and the README's key table names every key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYMAP, SHORT_DESCRIPTION, actionFor } from '../../src/tui/keymap.js';
import { cells } from '../../src/tui/panes/text.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

describe('the keymap', () => {
  it('binds each input once, with a short text of at most SHORT_DESCRIPTION cells', () => {
    expect(new Set(KEYMAP.map((k) => k.input)).size).toBe(KEYMAP.length);
    for (const k of KEYMAP) expect(cells(k.short), k.key).toBeLessThanOrEqual(SHORT_DESCRIPTION);
  });

  it('has the trading keys: o, K (kill switch), R (reset), p (pause trading), F (flatten)', () => {
    expect(['o', 'K', 'R', 'p', 'F'].map((key) => actionFor(key, {}))).toEqual(['cycleTrading', 'kill', 'resetKill', 'pauseTrading', 'flatten']);
    expect(actionFor(' ', {})).toBe('togglePause');
  });

  it('is the README\'s key table: every key is listed there', () => {
    const readme = readFileSync(`${PROJECT_ROOT}README.md`, 'utf8');
    const console = readme.slice(readme.indexOf('## The console'), readme.indexOf('## Commands'));
    const listed = [...console.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...(m[1] ?? '').matchAll(/`([^`]+)`/g)].map((k) => k[1]));
    for (const k of KEYMAP) expect(listed, k.key).toContain(k.key);
  });
});

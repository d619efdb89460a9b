// The `g` prompt's forms (a time of day's next occurrence, a date-time, +offsets) and the splitting of a
// chunk of terminal input into key presses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJumpTarget } from '../../src/tui/jump-target.js';
import { keyPresses } from '../../src/tui/key-presses.js';

const at = (iso: string) => Date.parse(iso) * 1000;

describe('parseJumpTarget', () => {
  const now = at('2024-08-08T23:55:00.250Z');
  it.each([
    ['23:57:00', '2024-08-08T23:57:00Z'],
    ['23:57', '2024-08-08T23:57:00Z'],
    ['00:02:00', '2024-08-09T00:02:00Z'], // the next occurrence: after midnight
    ['23:55:00', '2024-08-09T23:55:00Z'], // already passed today: tomorrow's
    ['23:55:00.500', '2024-08-08T23:55:00.500Z'],
    ['2024-08-09T00:02:00Z', '2024-08-09T00:02:00Z'],
    ['2024-08-09 00:02:00', '2024-08-09T00:02:00Z'],
    ['2024-08-08T23:50:00Z', '2024-08-08T23:50:00Z'], // behind: the caller refuses it
  ])('reads %s as %s', (text, iso) => {
    expect(parseJumpTarget(text, now)).toEqual({ ok: true, timeUs: at(iso) });
  });

  it.each([
    ['+90s', 90_000_000],
    ['+1m30s', 90_000_000],
    ['+5m', 300_000_000],
    ['+1h', 3_600_000_000],
    ['+500ms', 500_000],
    ['+1.5s', 1_500_000],
  ])('reads %s as an offset of %i µs', (text, us) => {
    expect(parseJumpTarget(text, now)).toEqual({ ok: true, timeUs: now + us });
  });

  it.each(['', 'soon', '25:00', '12:60', '+0s', '+5', '-5s', '2024-13-01T00:00:00Z'])('refuses %j with a reason', (text) => {
    const result = parseJumpTarget(text, now);
    expect(result.ok).toBe(false);
  });
});

describe('keyPresses', () => {
  it('splits a chunk of printable keys into one press each, in order (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('s', 'n', 'f', '+', '-', 'g', '0', ':', 'w'), minLength: 2, maxLength: 30 }), (chunk) => {
        const presses = keyPresses(chunk, {});
        expect(presses.map((p) => p.text).join('')).toBe(chunk);
        expect(presses.every((p) => [...p.text].length === 1)).toBe(true);
      }),
    );
  });

  it('turns Enter, Tab, Backspace and Esc inside a chunk into their keys', () => {
    expect(keyPresses('g1\r', {})).toEqual([
      { text: 'g', key: {} },
      { text: '1', key: {} },
      { text: '', key: { return: true } },
    ]);
    expect(keyPresses('\t\u007f\u001b', {}).map((p) => p.key)).toEqual([{ tab: true }, { backspace: true }, { escape: true }]);
  });

  it('passes a single key or a special key as it is', () => {
    expect(keyPresses('s', {})).toEqual([{ text: 's', key: {} }]);
    expect(keyPresses('', { escape: true })).toEqual([{ text: '', key: { escape: true } }]);
    expect(keyPresses('c', { ctrl: true })).toEqual([{ text: 'c', key: { ctrl: true } }]);
  });
});

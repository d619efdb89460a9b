// tui/key-presses: one chunk of terminal input as the key presses it holds. Ink hands over what arrived in
// one read: a held key, a slow SSH link or a paste gives "sss" or "00:02:00\r" at once, and every key in
// it counts, in order. A single key or a special key (arrows, Esc: flags, no text) passes as it is.

import type { KeyFlags } from './session.js';

export interface KeyPress {
  readonly text: string;
  readonly key: KeyFlags;
}

/** The presses in one chunk of input, in order. */
export function keyPresses(input: string, key: KeyFlags): KeyPress[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl === true) return [{ text: input, key }];
  return chars.map((c): KeyPress => {
    if (c === '\r' || c === '\n') return { text: '', key: { return: true } };
    if (c === '\t') return { text: '', key: { tab: true } };
    if (c === '\u007f' || c === '\b') return { text: '', key: { backspace: true } };
    if (c === '\u001b') return { text: '', key: { escape: true } };
    return { text: c, key: {} };
  });
}

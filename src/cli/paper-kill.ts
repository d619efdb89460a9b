// cli/paper-kill: the kill switch from outside a paper session — SIGUSR2 (counted where it arrives, the main
// thread) and the file DIR/kill, which engages it once per appearance (its first line, if any, is the
// reason). The engine looks every KILL_CHECK_MS of wall time and engages the trader's switch.

import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { KILL_FILE } from './paper-state.js';

export class OutsideKill {
  private readonly path: string;
  private fileSeen = false;
  private signalsSeen: number;

  /** `signals`: SIGUSR2s received so far (the ones before this is made do not count). */
  constructor(
    dir: string,
    private readonly signals: () => number,
  ) {
    this.path = join(dir, KILL_FILE);
    this.signalsSeen = signals();
  }

  /** The reasons to engage the kill switch since the last look: a SIGUSR2, the kill file newly there. */
  check(): string[] {
    const reasons: string[] = [];
    const signals = this.signals();
    if (signals > this.signalsSeen) {
      this.signalsSeen = signals;
      reasons.push('SIGUSR2');
    }
    const present = existsSync(this.path);
    if (present && !this.fileSeen) reasons.push(`kill file ${this.path}${fileReason(this.path)}`);
    this.fileSeen = present;
    return reasons;
  }
}

/** --reset-kill removes DIR/kill before the session starts (else it would engage the switch again at once). */
export function removeKillFile(dir: string, warn: (message: string) => void): void {
  const path = join(dir, KILL_FILE);
  if (!existsSync(path)) return;
  unlinkSync(path);
  warn(`paper: removed ${path} (--reset-kill)`);
}

/** ": <the file's first line>" when the operator wrote a reason into the kill file. */
function fileReason(path: string): string {
  try {
    const line = readFileSync(path, 'utf8').split('\n')[0]?.trim().slice(0, 200) ?? '';
    return line === '' ? '' : `: ${line}`;
  } catch {
    return '';
  }
}

// tui/jump-target: what the `g` prompt accepts, as a receive time to jump to. A time of day (HH:MM or
// HH:MM:SS, UTC) means its next occurrence after the current position, so a jump can cross midnight; a
// full date-time (2024-08-09T00:02:00Z, or with a space, UTC) means that instant; `+90s`, `+5m`, `+1m30s`,
// `+500ms` move forward from the current position. Pure: the current position comes in.

const DAY_US = 86_400_000_000;
const UNIT_US: Readonly<Record<string, number>> = { h: 3_600_000_000, m: 60_000_000, s: 1_000_000, ms: 1000 };

export type JumpTarget = { readonly ok: true; readonly timeUs: number } | { readonly ok: false; readonly reason: string };

export const JUMP_FORMS = 'HH:MM[:SS] (next such time), YYYY-MM-DDTHH:MM:SSZ, or +90s / +5m / +1m30s';

/** The receive time (µs) `text` means when the replay is at `nowUs`. */
export function parseJumpTarget(text: string, nowUs: number): JumpTarget {
  const t = text.trim();
  const offset = /^\+((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)$/.exec(t);
  if (offset !== null) {
    let us = 0;
    for (const part of (offset[1] as string).matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) us += Number(part[1]) * (UNIT_US[part[2] as string] as number);
    return us > 0 ? { ok: true, timeUs: nowUs + Math.round(us) } : { ok: false, reason: 'an offset must be more than zero' };
  }
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(t);
  if (time !== null) {
    const [h, m, s] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) return { ok: false, reason: `not a time of day: "${t}"` };
    const ms = Number((time[4] ?? '').padEnd(3, '0'));
    const ofDayUs = (((h * 60 + m) * 60 + s) * 1000 + ms) * 1000;
    let target = Math.floor(nowUs / DAY_US) * DAY_US + ofDayUs;
    if (target <= nowUs) target += DAY_US; // the next occurrence: tomorrow's, once today's has passed
    return { ok: true, timeUs: target };
  }
  const dateTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)Z?$/.exec(t);
  if (dateTime !== null) {
    const ms = Date.parse(`${dateTime[1]}T${dateTime[2]}Z`);
    if (Number.isFinite(ms)) return { ok: true, timeUs: ms * 1000 };
  }
  return { ok: false, reason: `not a time: "${t}" (use ${JUMP_FORMS})` };
}

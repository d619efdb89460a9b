// The trading journal file: what is written is read back as the same events with the same digest, the
// same events make the same bytes, a crash-cut last line is dropped with a warning, a damaged line before
// it stops the read, a journal is never overwritten, and a full disk stops the journal (and trading) cleanly.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TradingLog, type TradingEvent } from '../../src/model/index.js';
import { JournalWriteError, TradingJournal, readTradingJournal } from '../../src/recording/index.js';
import { INSTRUMENTS, eventsOf } from '../model/trading-events.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { tempDir } from './support.js';

/** A fixed sample of random journals (seeded: the same on every run), the longest first. */
const SAMPLES: TradingEvent[][] = fc.sample(eventsOf({ minLength: 1, maxLength: 60, size: 'max' }), { seed: 5, numRuns: 40 }).sort((a, b) => b.length - a.length);
const LONG = SAMPLES[0] as TradingEvent[];

function write(file: string, list: readonly TradingEvent[]): TradingJournal {
  const journal = TradingJournal.open(file, INSTRUMENTS);
  for (const event of list) journal.append(event);
  journal.close();
  return journal;
}

async function read(file: string): Promise<{ events: readonly TradingEvent[]; digest: string; warnings: string[] }> {
  const warnings: string[] = [];
  const contents = await readTradingJournal(file, (w) => warnings.push(w));
  return { events: contents.events, digest: contents.digest, warnings };
}

function digestOf(list: readonly TradingEvent[]): string {
  const log = TradingLog.create(INSTRUMENTS);
  for (const event of list) log.append(event);
  return log.digest();
}

describe('the trading journal file', () => {
  it('reads back the events it was given, with the digest the writer kept', async () => {
    expect(LONG.length).toBeGreaterThan(20);
    const dir = tempDir();
    for (const [i, list] of SAMPLES.entries()) {
      const file = path.join(dir, `run-${i}.journal.jsonl`);
      const journal = write(file, list);
      const back = await read(file);
      expect(back.events).toEqual(list);
      expect(back.digest).toBe(journal.digest());
      expect(back.warnings).toEqual([]);
      // The digest is the SHA-256 of the file's event lines (everything after the header line).
      const text = readFileSync(file, 'utf8');
      expect(back.digest).toBe(createHash('sha256').update(text.slice(text.indexOf('\n') + 1)).digest('hex'));
    }
  });

  it('is the same bytes, with the same digest, for the same events', () => {
    const dir = tempDir();
    const a = write(path.join(dir, 'a.journal.jsonl'), LONG);
    const b = write(path.join(dir, 'b.journal.jsonl'), LONG);
    expect(readFileSync(path.join(dir, 'a.journal.jsonl'))).toEqual(readFileSync(path.join(dir, 'b.journal.jsonl')));
    expect(a.digest()).toBe(b.digest());
    expect(a.digest()).toBe(digestOf(LONG));
  });

  it('reads a file cut off mid-line up to its last whole line, with a warning', async () => {
    const file = path.join(tempDir(), 'cut.journal.jsonl');
    write(file, LONG);
    const size = readFileSync(file).length;
    truncateSync(file, size - 7);
    const back = await read(file);
    expect(back.events).toEqual(LONG.slice(0, -1));
    expect(back.digest).toBe(digestOf(LONG.slice(0, -1)));
    expect(back.warnings).toHaveLength(1);
    expect(back.warnings[0]).toMatch(new RegExp(`cut\\.journal\\.jsonl:${LONG.length + 1}: last line is cut off \\(.*\\); dropped, the journal is read up to line ${LONG.length}$`));
  });

  it('keeps a last line that lost only its newline: the event is whole', async () => {
    const file = path.join(tempDir(), 'no-newline.journal.jsonl');
    write(file, LONG);
    truncateSync(file, readFileSync(file).length - 1);
    const back = await read(file);
    expect(back.events).toEqual(LONG);
    expect(back.digest).toBe(digestOf(LONG));
    expect(back.warnings).toEqual([]);
  });

  it('stops at a damaged line before the last, naming it', async () => {
    const file = path.join(tempDir(), 'damaged.journal.jsonl');
    write(file, LONG);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = (lines[3] as string).replace('"seq":2', '"seq":20');
    writeFileSync(file, lines.join('\n'));
    await expect(readTradingJournal(file, () => undefined)).rejects.toThrow(`${file}:4: damaged trading journal: event seq 20 out of order (expected 2)`);
    lines[3] = '';
    writeFileSync(file, lines.join('\n'));
    await expect(readTradingJournal(file, () => undefined)).rejects.toThrow(`${file}:4: damaged trading journal: not JSON`);
  });

  it('refuses a file that is not a journal', async () => {
    const file = path.join(tempDir(), 'other.jsonl');
    writeFileSync(file, '{"format":"flowdesk-recording","formatVersion":1}\n');
    await expect(readTradingJournal(file, () => undefined)).rejects.toThrow(/other\.jsonl: the first line is not a trading journal header/);
  });

  it('never overwrites a journal, and refuses an event out of order without writing it', () => {
    const file = path.join(tempDir(), 'once.journal.jsonl');
    const journal = TradingJournal.open(file, INSTRUMENTS);
    expect(() => TradingJournal.open(file, INSTRUMENTS)).toThrow(JournalWriteError);
    expect(() => TradingJournal.open(file, INSTRUMENTS)).toThrow('the file exists (a journal is never overwritten)');
    const before = readFileSync(file, 'utf8');
    expect(() => journal.append({ ...(LONG[1] as TradingEvent), seq: 1 })).toThrow('event seq 1 out of order (expected 0)');
    expect(readFileSync(file, 'utf8')).toBe(before);
    journal.append(LONG[0] as TradingEvent);
    journal.sync();
    journal.close();
    expect(() => journal.append(LONG[1] as TradingEvent)).toThrow(/is closed/);
  });
});

describe('the trading journal on a full disk (a 64 KiB tmpfs)', () => {
  let disk: SmallDisk | { readonly skipReason: string };
  beforeAll(() => {
    disk = mountSmallDisk(64);
    if ('skipReason' in disk) console.log(`trading journal full-disk test skipped: ${disk.skipReason}`);
  });
  afterEach(() => {
    if ('dir' in disk) for (const entry of readdirSync(disk.dir)) rmSync(path.join(disk.dir, entry), { recursive: true, force: true });
  });
  afterAll(() => {
    if ('unmount' in disk) disk.unmount();
  });

  it('fails the append that does not fit and every call after it, and the file reads back up to the failure', async (context) => {
    if ('skipReason' in disk) return context.skip(disk.skipReason);
    const file = path.join(disk.dir, 'full.journal.jsonl');
    const journal = TradingJournal.open(file, INSTRUMENTS);
    const reason = 'x'.repeat(700);
    const written: TradingEvent[] = [];
    let failure: unknown = null;
    for (let seq = 0; seq < 1000 && failure === null; seq++) {
      const event: TradingEvent = { seq, timeUs: 1_723_161_600_000_000 + seq, type: 'killSwitchEngaged', reason };
      try {
        journal.append(event);
        written.push(event);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(JournalWriteError);
    expect((failure as Error).message).toMatch(/cannot write trading journal .*full\.journal\.jsonl: ENOSPC/);
    expect(written.length).toBeGreaterThan(10);
    expect(() => journal.append({ seq: written.length, timeUs: 1_723_161_700_000_000, type: 'killSwitchReset', reason: 'r' })).toThrow(failure as Error);
    expect(journal.digest()).toBe(digestOf(written)); // the event that did not fit is not in it
    expect(() => journal.close()).toThrow(failure as Error);
    const back = await read(file);
    expect(back.events).toEqual(written);
    expect(back.digest).toBe(digestOf(written));
    expect(back.warnings.length).toBeLessThanOrEqual(1); // the line cut by the full disk, if a part of it was written
  });
});

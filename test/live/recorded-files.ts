// What a recorder wrote, read back from its .fdr.gz files: the market-data frames (not request replies,
// REST bodies or lifecycle lines), grouped by stream. Files still being written can be read up to their
// last flush (`partial`); a finished file must be one complete gzip stream.
import { readFileSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';

/** The text of a recording file; throws on a cut-off gzip stream unless `partial`. */
export function recordingText(file: string, partial = false): string {
  const text = gunzipSync(readFileSync(file), partial ? { finishFlush: constants.Z_SYNC_FLUSH } : {}).toString('utf8');
  return partial ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
}

/** The message lines of recordings (header lines dropped), split into their six fields. */
export function recordedLines(files: readonly string[], partial = false): string[][] {
  const lines: string[][] = [];
  for (const file of files) {
    for (const line of recordingText(file, partial).split('\n').slice(1)) {
      if (line !== '') lines.push(line.split('\t'));
    }
  }
  return lines;
}

/** Market-data frames in recorded files (not request replies, not REST or lifecycle lines). */
export function recordedFrames(files: readonly string[], partial = false): string[] {
  const frames: string[] = [];
  for (const fields of recordedLines(files, partial)) {
    if (fields[3] === 'ws' && !/^\{"(result|error|id)"/.test(fields[5] ?? '')) frames.push(fields.slice(5).join('\t'));
  }
  return frames;
}

export function byStream(frames: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const frame of frames) {
    const stream = /^\{"stream":"([^"]+)"/.exec(frame)?.[1] ?? '';
    (out[stream] ??= []).push(frame);
  }
  return out;
}

/**
 * The whole lines of a recording file, header first. `cutOff`: the file may still be being written, or
 * have been cut off by a crash or a full disk: the lines decodable so far (not a cut-off last one).
 * Otherwise the file must be complete gzip.
 */
export function wholeLines(file: string, cutOff = false): string[] {
  const lines = recordingText(file, cutOff).split('\n');
  lines.pop(); // '' after the last newline
  return lines;
}

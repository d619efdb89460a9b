// cli/commands/convert: `flowdesk convert <file...> --out DIR` — rewrites recordings (e.g. hftbacktest
// collector files) in flowdesk's recording format, payloads untouched, units in the header. Holds DIR's
// lock (cli/output-lock) while it writes, like `record`.

import { flag, integer, number, required, text } from '../../config/index.js';
import type { PreparedReplay } from '../../kernel/index.js';
import type { Product } from '../../model/index.js';
import { DEFAULT_GZIP_LEVEL, RecordingWriter } from '../../recording/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { printLine } from '../io.js';
import { acquireOutputLock } from '../output-lock.js';
import { flowdeskVersion } from '../version.js';

const OPTIONS = {
  out: required(text({ help: 'the directory to write the recordings to', placeholder: 'DIR', accepts: 'a directory path', example: 'recordings' })),
  'max-file-mb': number({ help: 'start a new file after this many MB of text', min: 1, unit: 'MB', default: 256 }),
  'no-hourly': flag('do not start a new file every UTC hour'),
  'gzip-level': integer({ help: '1 spends the least CPU, 9 writes the smallest files', min: 1, max: 9, default: DEFAULT_GZIP_LEVEL }),
  ...UNIT_OPTIONS,
};

export const convertCommand = defineCommand({
  name: 'convert',
  summary: "rewrite recordings in flowdesk's recording format",
  description: `Rewrites recordings in flowdesk's recording format (docs/RECORDING_FORMAT.md): one file set per product,
rotated by UTC hour and by size, with the units of every symbol in each file's header.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const files = await distinctFiles(operands);
    const out = values.out;
    const maxFileBytes = Math.round(values['max-file-mb'] * 1024 * 1024);
    const gzipLevel = values['gzip-level'];
    const replay = await commandReplay(files, values, context);
    // Taken once the input is known to be readable, before any file exists in DIR (the writers create
    // theirs on the first message): two writers into one directory are refused, as for `record`.
    const lock = acquireOutputLock(out, { command: `flowdesk ${process.argv.slice(2).join(' ')}`, warn: (message) => context.warn(message) });
    try {
      await convert(replay, out, { maxFileBytes, gzipLevel, rotateHourly: !values['no-hourly'] }, context);
    } finally {
      lock.release();
    }
    return 0;
  },
});

async function convert(
  replay: PreparedReplay,
  out: string,
  files: { maxFileBytes: number; gzipLevel: number; rotateHourly: boolean },
  context: CommandContext,
): Promise<void> {
  const { maxFileBytes, gzipLevel, rotateHourly } = files;
  const writers = new Map<Product, RecordingWriter>();
  for (const product of new Set(replay.sources.map((s) => s.product))) {
    const instruments = replay.pipeline.allEngines().map((e) => e.instrument).filter((i) => i.product === product);
    // Rules only where the input's headers had them (a live recording's); hftbacktest files have none.
    const rules = instruments.flatMap((i) => replay.rulesOf(product, i.symbol) ?? []);
    writers.set(
      product,
      new RecordingWriter({
        dir: out,
        product,
        symbols: instruments.map((i) => i.symbol),
        instruments: instruments.map(({ product: p, symbol, tickSize, lotSize, source }) => ({ product: p, symbol, tickSize, lotSize, source })),
        ...(rules.length === 0 ? {} : { rules }),
        tool: `flowdesk ${flowdeskVersion()}`,
        origin: `converted from ${replay.sources.filter((s) => s.product === product).map((s) => s.path).join(', ')}`,
        maxFileBytes,
        rotateHourly,
        gzipLevel,
      }),
    );
  }
  await replay.driver({ onRaw: (raw) => (writers.get(raw.product) as RecordingWriter).write(raw) }).runToEnd();
  for (const writer of writers.values()) {
    await writer.close();
    for (const file of writer.files) printLine(context.io.stdout, file);
  }
}

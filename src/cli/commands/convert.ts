// cli/commands/convert: `flowdesk convert <file...> --out DIR` — rewrites recordings (e.g. hftbacktest
// collector files) in flowdesk's recording format, payloads untouched, units in the header. Holds DIR's
// lock (cli/output-lock) while it writes, like `record`.

import { UsageError } from '../../core/index.js';
import { prepareReplay, type PreparedReplay } from '../../kernel/index.js';
import type { Product } from '../../model/index.js';
import { DEFAULT_GZIP_LEVEL, RecordingWriter } from '../../recording/index.js';
import { UNIT_OPTIONS, integerOption, optionalString, parseCommandArgs, positiveNumberOption, unitOverrides } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { printLine } from '../io.js';
import { acquireOutputLock } from '../output-lock.js';
import { flowdeskVersion } from '../version.js';

const USAGE = `usage: flowdesk convert <file...> --out DIR [--max-file-mb N] [--no-hourly] [--gzip-level 1-9]
                       [--product spot|usdm] [--symbol SYMBOL] [--tick-size D] [--lot-size D]

Rewrites recordings in flowdesk's recording format (docs/RECORDING_FORMAT.md): one file set per product,
rotated by UTC hour and by size, with the units of every symbol in each file's header. gzip level:
1 (least CPU) to 9 (smallest files), default ${DEFAULT_GZIP_LEVEL}.`;

export const convertCommand: Command = {
  name: 'convert',
  summary: "rewrite recordings in flowdesk's recording format",
  usage: USAGE,
  usesSecrets: false,
  async run(argv, context) {
    const parsed = parseCommandArgs('convert', argv, {
      ...UNIT_OPTIONS,
      out: { type: 'string' },
      'max-file-mb': { type: 'string' },
      'no-hourly': { type: 'boolean' },
      'gzip-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (parsed.values['help'] === true) {
      printLine(context.io.stdout, USAGE);
      return 0;
    }
    const out = optionalString(parsed, 'out');
    if (out === undefined) throw new UsageError(`convert: --out DIR is required\n${USAGE}`);
    if (parsed.positionals.length === 0) throw new UsageError(`convert: no file given\n${USAGE}`);
    const maxFileBytes = Math.round(positiveNumberOption(parsed, 'max-file-mb', 256) * 1024 * 1024);
    const gzipLevel = integerOption(parsed, 'gzip-level', 1, 9, DEFAULT_GZIP_LEVEL);
    const replay = await prepareReplay({
      files: parsed.positionals,
      overrides: unitOverrides(parsed),
      engine: context.engine,
      warn: (message) => context.warn(message),
    });
    // Taken once the input is known to be readable, before any file exists in DIR (the writers create
    // theirs on the first message): two writers into one directory are refused, as for `record`.
    const lock = acquireOutputLock(out, { command: `flowdesk convert ${argv.join(' ')}`, warn: (message) => context.warn(message) });
    try {
      await convert(replay, out, { maxFileBytes, gzipLevel, rotateHourly: parsed.values['no-hourly'] !== true }, context);
    } finally {
      lock.release();
    }
    return 0;
  },
};

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
    writers.set(
      product,
      new RecordingWriter({
        dir: out,
        product,
        symbols: instruments.map((i) => i.symbol),
        instruments: instruments.map(({ product: p, symbol, tickSize, lotSize, source }) => ({ product: p, symbol, tickSize, lotSize, source })),
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

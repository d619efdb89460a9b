// cli/commands/detect: `flowdesk detect <file...>` — replays recordings with the microstructure detectors
// and prints every detection (one JSON object per line with --report jsonl), or a per-detector count.

import { readFileSync } from 'node:fs';
import { choice, text } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { DEFAULT_DETECTOR_OPTIONS, DESK_DETECTOR_OPTIONS, DETECTOR_KINDS, type Detection, type DetectorOptions } from '../../features/index.js';
import { attachDetectors } from '../../kernel/index.js';
import { ticksToPrice } from '../../model/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';

const OPTIONS = {
  report: choice(['text', 'jsonl'], { help: 'text: a count per symbol and detector; jsonl: one JSON object per detection, in time order', default: 'text' }),
  preset: choice(['default', 'desk'], { help: "thresholds: the tuned defaults, or the desk's rules exactly as written", default: 'default' }),
  thresholds: text({
    help: 'a JSON object of numbers overriding any option named in docs/FEATURES.md, e.g. {"wallRatio": 4}',
    placeholder: 'FILE.json',
    accepts: 'a file path',
    example: 'thresholds.json',
  }),
  ...UNIT_OPTIONS,
};

/** The detector thresholds: a preset, then overrides from a JSON file; every key and value is checked. */
export function detectorOptions(preset: string, path: string | undefined): DetectorOptions {
  if (preset !== 'default' && preset !== 'desk') throw new UsageError(`--preset must be default or desk, got "${preset}"`);
  const base = preset === 'desk' ? DESK_DETECTOR_OPTIONS : DEFAULT_DETECTOR_OPTIONS;
  if (path === undefined) return base;
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--thresholds ${path}: ${(error as Error).message}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new UsageError(`--thresholds ${path}: expected a JSON object`);
  const out: Record<string, number> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(base, key)) throw new UsageError(`--thresholds ${path}: unknown option "${key}" (known: ${Object.keys(base).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new UsageError(`--thresholds ${path}: ${key} must be a non-negative number`);
    out[key] = value;
  }
  return out as unknown as DetectorOptions;
}

export const detectCommand = defineCommand({
  name: 'detect',
  summary: 'run the microstructure detectors over recordings',
  description: `Replays recordings with the microstructure detectors (liquidity wall, sweep, absorption, layering,
iceberg, exhaustion; definitions and thresholds in docs/FEATURES.md) and prints a count per symbol and
detector, or every detection.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const files = await distinctFiles(operands);
    const report = values.report;
    const options = detectorOptions(values.preset, values.thresholds);
    const replay = await commandReplay(files, values, context, true);
    const counts = new Map<string, number>();
    const onDetection = (d: Detection): void => {
      const key = `${d.product} ${d.symbol} ${d.detector}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (report === 'jsonl') {
        const engine = replay.pipeline.engine(d.product, d.symbol);
        const price = engine === undefined ? null : ticksToPrice(engine.instrument, d.priceTicks);
        printLine(context.io.stdout, JSON.stringify({ ...d, price }));
      }
    };
    const detectors = attachDetectors(replay.pipeline, onDetection, options);
    await replay.run();
    for (const d of detectors.values()) d.flush();
    if (report === 'text') {
      for (const engine of replay.pipeline.allEngines()) {
        const { product, symbol } = engine.instrument;
        const parts = DETECTOR_KINDS.map((kind) => `${kind} ${counts.get(`${product} ${symbol} ${kind}`) ?? 0}`);
        printLine(context.io.stdout, `${product} ${symbol}: ${parts.join('  ')}`);
      }
    }
    return 0;
  },
});

// cli/commands/research: `flowdesk research <study> <file...>` — research studies over recordings. The first
// operand names the study; today there is one: `ofi`, the Cont–Kukanov–Stoikov price-impact table (Δmid on
// OFI over non-overlapping intervals, per subsample window; docs/RESEARCH.md). Sampling is the kernel's
// (kernel/ofi-samples), the figures research's (research/ofi-table); this file wires them and says what
// went wrong in one line. Deterministic: the same input gives the same bytes.

import { choice, parsed, type OptionValues } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { OFI_MLOFI_LEVELS, sampleOfiIntervals } from '../../kernel/index.js';
import { ofiTable } from '../../research/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { printLine } from '../io.js';
import { durationLabel, parseDuration } from '../durations.js';
import { ofiReportJson, ofiReportTable, type SymbolTable } from '../research-ofi-report.js';
import { parseInterval } from './features.js';

const WEEK_MS = 168 * 3_600_000;

/** "30m", "2h", "90s", "1500ms" → ms, from 100ms to 168h. */
export function parseSubsample(text: string): number {
  return parseDuration(text, 100, WEEK_MS);
}

const OPTIONS = {
  interval: parsed({
    help: '(ofi) the length of the non-overlapping intervals Δmid and OFI are measured over',
    placeholder: 'DURATION',
    accepts: 'a duration from 100ms to 1h such as 1s, 10s or 1m',
    parse: parseInterval,
    default: '10s',
  }),
  subsample: parsed({
    help: '(ofi) the length of the windows regressed separately (aligned to the epoch); a whole multiple of --interval',
    placeholder: 'DURATION',
    accepts: 'a duration from 100ms to 168h such as 30m or 2h',
    parse: parseSubsample,
    default: '30m',
  }),
  report: choice(['table', 'json'], { help: 'table: readable; json: one JSON object on one stdout line', default: 'table' }),
  ...UNIT_OPTIONS,
};

type Values = OptionValues<typeof OPTIONS>;

const STUDIES: Readonly<Record<string, { readonly about: string; run(files: readonly string[], values: Values, context: CommandContext): Promise<number> }>> = {
  ofi: { about: 'the OFI price-impact table', run: runOfi },
};

const studyList = (): string => Object.entries(STUDIES).map(([name, s]) => `${name}: ${s.about}`).join('; ');

export const researchCommand = defineCommand({
  name: 'research',
  summary: 'research studies over recordings: ofi (the Cont–Kukanov–Stoikov OFI price-impact table)',
  description: `Runs a research study over recordings. The first operand names the study.

ofi: over non-overlapping intervals of --interval (receive time, aligned to the epoch), per symbol, the
close-to-close change of the mid in ticks regressed on the interval's order-flow imbalance at the touch
(Cont, Kukanov & Stoikov 2014; base units): count, α, β, t(β) and R², over all intervals and per --subsample
window; beside it the R² of the multi-level OFI fit (levels 1-5), of TFI alone and of the trade imbalance
(buy − sell volume) alone, and, with at least 5 windows, β against 1/depth at the touch (β ≈ c/depth).
Only intervals where the book was right throughout are used; the others are counted as dropped. A
figure that cannot be computed is null with a note; when no symbol has a regression at all, the command
says why and exits 2 (docs/RESEARCH.md).`,
  operands: { name: 'file', min: 0, leading: 'study' },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const [name, ...files] = operands;
    if (name === undefined) throw new UsageError(`research: no study given (studies: ${studyList()})`);
    const study = Object.hasOwn(STUDIES, name) ? STUDIES[name] : undefined;
    if (study === undefined) throw new UsageError(`research: unknown study "${name}" (studies: ${studyList()})`);
    if (files.length === 0) throw new UsageError(`research ${name}: no file given (see flowdesk research --help)`);
    return study.run(await distinctFiles(files), values, context);
  },
});

/** 651 → "10m51s", 7200 → "2h0m0s", 0.4 s → "0s". */
function spanText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

async function runOfi(files: readonly string[], values: Values, context: CommandContext): Promise<number> {
  const intervalMs = values.interval;
  const subsampleMs = values.subsample;
  if (subsampleMs % intervalMs !== 0) {
    throw new UsageError(`research ofi: --subsample ${durationLabel(subsampleMs)} must be a whole multiple of --interval ${durationLabel(intervalMs)}`);
  }
  let stop: (() => Promise<void>) | null = null;
  let sampling;
  try {
    const replay = await commandReplay(files, values, context, true);
    const driver = replay.driver();
    stop = () => driver.stop();
    sampling = await sampleOfiIntervals(replay.pipeline, driver, intervalMs);
  } catch (error) {
    await stop?.();
    throw error;
  }
  const { firstUs, lastUs } = sampling;
  if (firstUs === null || lastUs === null) throw new UsageError('research ofi: the files hold no message');
  const symbols = sampling.symbols.filter((s) => s.samples.length > 0);
  if (symbols.length === 0) {
    const span = spanText(Math.round((lastUs - firstUs) / 1_000_000));
    throw new UsageError(`research ofi: no whole ${durationLabel(intervalMs)} interval in the data (it spans ${span}); give a shorter --interval`);
  }
  const tables: SymbolTable[] = symbols.map((s) => ({ product: s.product, symbol: s.symbol, table: ofiTable(s.samples, { intervalMs, subsampleMs }) }));
  if (tables.every((t) => t.table.all.beta === null)) {
    throw new UsageError(`research ofi: no regression: ${tables.map((t) => `${t.symbol} ${t.product}: ${t.table.all.note ?? ''}`).join('; ')}`);
  }
  const input = { intervalMs, subsampleMs, mlofiLevels: OFI_MLOFI_LEVELS, symbols: tables };
  printLine(context.io.stdout, values.report === 'json' ? ofiReportJson(input) : ofiReportTable(input));
  return 0;
}

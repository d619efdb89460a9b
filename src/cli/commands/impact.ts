// cli/commands/impact: `flowdesk impact <file...> --side buy|sell --qty Q --at TIME` — replays recordings
// through the pipeline up to a receive time and simulates a market order against that symbol's book as it
// stood then (features/impact: exact notional, average price, levels consumed, slippage in bps).

import { choice, decimal, parsed, required } from '../../config/index.js';
import { FlowdeskError, UsageError, isUnitError } from '../../core/index.js';
import { orderQtyToLots, simulateMarketOrder, type ImpactResult } from '../../features/index.js';
import type { SymbolEngine } from '../../kernel/index.js';
import type { RawMessage } from '../../model/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles } from '../args.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import { logNotices } from '../notices.js';

const OPTIONS = {
  side: required(choice(['buy', 'sell'], { help: 'a buy walks the asks from the best price, a sell the bids' })),
  qty: required(decimal({ help: 'order size in base units, a whole number of lots', placeholder: 'Q', example: '0.25' })),
  at: required(
    parsed({
      help: "receive time of the book to trade against; within the recording's span",
      placeholder: 'TIME',
      accepts: 'an ISO-8601 UTC time (2024-08-09T00:01:00Z, fractions to µs), epoch ms (13 digits) or epoch µs (16 digits)',
      example: '2024-08-09T00:01:00Z',
      parse: parseAtTime,
    }),
  ),
  report: choice(['json', 'text'], { help: 'json: one JSON object on one stdout line; text: a readable summary', default: 'text' }),
  ...UNIT_OPTIONS,
  symbol: { ...UNIT_OPTIONS.symbol, help: 'the book to simulate on, when the files hold several symbols (also names bare snapshot lines)' },
  product: {
    ...UNIT_OPTIONS.product,
    help: 'spot or usdm, when the data does not tell (it applies to every file, so give the files of one product)',
  },
};

/** The receive-time span of the messages seen, µs. */
interface Span {
  first: number;
  last: number;
}

export interface ImpactReport extends ImpactResult {
  /** The requested time, ISO-8601 UTC with microseconds. */
  readonly at: string;
  readonly atUs: number;
  /** Receive time of the last message applied before the simulation, ISO-8601 UTC with microseconds. */
  readonly bookTime: string;
  readonly bookTimeUs: number;
  /** The book's last applied update id. */
  readonly lastUpdateId: number;
}

export const impactCommand = defineCommand({
  name: 'impact',
  summary: 'simulate a market order against a replayed book at a given time (fill, notional, slippage)',
  description: `Replays recordings (as flowdesk replay does) up to the last message received at or before TIME, then
simulates a market order of Q base units against that symbol's book: a buy walks the asks from the best
price, a sell walks the bids. Reports the filled and unfilled quantity, the exact notional, the average
and worst prices, the levels consumed and the slippage in bps against the mid and the touch (positive =
worse for the taker). The book must be live (synced) at TIME.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const files = await distinctFiles(operands);
    const { side, qty, report: reportFormat } = values;
    const atUs = values.at;
    const replay = await commandReplay(files, values, context);
    replay.pipeline.onEvent(logNotices(context.logger));
    const engine = pickEngine(replay.pipeline.allEngines(), values.symbol, values.product);
    const inst = engine.instrument;
    try {
      orderQtyToLots(inst, qty);
    } catch (error) {
      if (isUnitError(error)) throw new UsageError(`--qty: ${error.message}`);
      throw error;
    }

    // The replay runs up to the first message received after `at`: the books are then exactly as they
    // stood at `at`. The hook keeps the span of the messages read, for the message when `at` is outside it.
    const seen = { span: null as Span | null };
    const driver = replay.driver({
      onRaw: (raw: RawMessage) => {
        const t = raw.receiveTimeUs;
        const span = seen.span;
        if (span === null) seen.span = { first: t, last: t };
        else {
          if (t < span.first) span.first = t;
          if (t > span.last) span.last = t;
        }
      },
    });
    const simulate = (bookTimeUs: number): ImpactReport => {
      if (!engine.sync.healthy) {
        throw new FlowdeskError(
          `${inst.symbol} (${inst.product}) book is not live at ${formatUtcMicros(atUs)} (state: ${engine.sync.state}); ` +
            'pick a later --at, after the book has synced',
        );
      }
      return {
        at: formatUtcMicros(atUs),
        atUs,
        bookTime: formatUtcMicros(bookTimeUs),
        bookTimeUs,
        lastUpdateId: engine.sync.book.lastUpdateId,
        ...simulateMarketOrder(engine.sync.book, inst, side, qty),
      };
    };
    let result: ImpactReport;
    try {
      await driver.runUntil(atUs);
      const bookTimeUs = driver.lastMessageUs;
      const tooEarly = bookTimeUs === null; // the first message is after `at` (or there is none)
      if (tooEarly) await driver.runToEnd(); // only to learn the recording's span
      const span = seen.span;
      if (span === null) throw new FlowdeskError('impact: the recordings hold no messages');
      if (tooEarly || (driver.finished && atUs > span.last)) {
        throw new FlowdeskError(
          `--at ${formatUtcMicros(atUs)} is outside the recording, which spans ` +
            `${formatUtcMicros(span.first)} to ${formatUtcMicros(span.last)} (receive time, UTC)`,
        );
      }
      result = simulate(bookTimeUs as number);
    } finally {
      await driver.stop(); // the rest of the recording is not needed: close the files
    }
    printLine(context.io.stdout, reportFormat === 'json' ? JSON.stringify(result) : formatImpactText(result));
    return 0;
  },
});

/**
 * The book to simulate on. `--symbol` and `--product` also act as in flowdesk replay (they name the data
 * of files that do not tell), so a mix of spot and USD-M files cannot be narrowed by product: give the
 * files of one product.
 */
function pickEngine(engines: readonly SymbolEngine[], symbol: string | undefined, product: string | undefined): SymbolEngine {
  const wanted = symbol?.toUpperCase();
  const matches = engines.filter(
    (e) => (wanted === undefined || e.instrument.symbol === wanted) && (product === undefined || e.instrument.product === product),
  );
  const books = engines.map((e) => `${e.instrument.symbol} (${e.instrument.product})`).join(', ');
  if (matches.length === 1) return matches[0] as SymbolEngine;
  if (matches.length === 0) {
    throw new UsageError(`impact: no book for ${wanted ?? 'any symbol'}${product === undefined ? '' : ` (${product})`} in the recordings; they hold: ${books}`);
  }
  const products = new Set(matches.map((e) => e.instrument.product));
  throw new UsageError(
    `impact: the recordings hold several books (${books}); ` +
      (products.size > 1 ? 'give the files of one product only' : 'choose one with --symbol'),
  );
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|[+-]00:?00)$/;

/**
 * `--at` as integer µs since the epoch: ISO-8601 UTC (`2024-08-09T00:01:00Z`, optional seconds and a
 * fraction of up to 6 digits, `Z` or a zero offset), epoch ms (13 digits) or epoch µs (16 digits).
 */
export function parseAtTime(text: string): number {
  if (/^\d{13}$/.test(text)) return Number(text) * 1000;
  if (/^\d{16}$/.test(text)) return Number(text);
  const m = ISO_UTC.exec(text);
  if (m !== null) {
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number, number, number, number, number, number,
    ];
    const ms = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(ms);
    if (
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      check.getUTCHours() === hour &&
      check.getUTCMinutes() === minute &&
      check.getUTCSeconds() === second
    ) {
      return ms * 1000 + Number((m[7] ?? '').padEnd(6, '0'));
    }
  }
  throw new UsageError(
    `--at must be an ISO-8601 UTC time (2024-08-09T00:01:00Z), epoch ms (13 digits) or epoch µs (16 digits), got "${text}"`,
  );
}

/** Integer µs since the epoch as ISO-8601 UTC with six fraction digits. */
export function formatUtcMicros(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const micros = us - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

function bps(value: number | null): string {
  if (value === null) return 'n/a';
  return `${value > 0 ? '+' : ''}${value.toFixed(3)} bps`;
}

export function formatImpactText(r: ImpactReport): string {
  return [
    `impact: market ${r.side} ${r.requestedQty} ${r.symbol} (${r.product}) at ${r.at}; book at update ${r.lastUpdateId}, last message ${r.bookTime}`,
    `  filled    ${r.filledQty} over ${r.levelsConsumed} ${r.bookSide} level${r.levelsConsumed === 1 ? '' : 's'}; unfilled ${r.unfilledQty}`,
    `  notional  ${r.notional}`,
    `  average   ${r.averagePrice ?? '-'}   worst ${r.worstPrice ?? '-'}`,
    `  touch     ${r.touchPrice ?? '-'}   mid ${r.midPrice ?? '-'}`,
    `  slippage  ${bps(r.slippageVsMidBps)} vs mid, ${bps(r.slippageVsTouchBps)} vs touch (positive = worse for the taker)`,
  ].join('\n');
}

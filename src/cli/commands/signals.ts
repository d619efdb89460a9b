// cli/commands/signals: `flowdesk signals <file...> [--config FILE] [--set PATH=VALUE...] [--out FILE]
// [--horizons LIST] [--report json|table]` — replays recordings with the strategy (kernel/strategy: the
// signal, the risk gates and the decision journal) and answers "does the pressure beat costs?": how many
// evaluations, intents by side and order type, which gates rejected, and the markouts of the intents net of
// their estimated cost. No orders are simulated (that is the backtest): it starts flat and assumes every
// intent fills in full at its limit price, paying its fee. The journal goes to --out (written under a
// temporary name, renamed at the end); its digest (SHA-256 of the file's bytes) is in the report either way.

import { Decimal } from 'decimal.js';
import { InvalidOptionValue, choice, parsed } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { MarkoutEngine, MarkoutMarket, type MarkoutRow } from '../../features/index.js';
import { StrategySetupError, attachFeatureEngines, attachStrategy, intentPrice, type AttachedStrategy } from '../../kernel/index.js';
import { lotsToQty, type Decision, type Instrument } from '../../model/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles, horizonsOption } from '../args.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import { PartialFile } from '../partial-file.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from '../strategy-config.js';
import { JournalLines, requireTraded } from '../journal-lines.js';
import { signalsReportJson, signalsReportTable, SignalsTally } from '../signals-report.js';

/** Messages applied between two flushes of the journal lines written so far. */
const STEP_MESSAGES = 20_000;

const OPTIONS = {
  ...STRATEGY_OPTIONS,
  out: parsed({
    help: 'write the decision journal (JSONL: a header, then decisions, gate changes and tallies)',
    placeholder: 'FILE.jsonl',
    accepts: 'a file path; the report goes to stdout',
    example: 'decisions.jsonl',
    parse: (path) => {
      if (path === '-') throw new InvalidOptionValue('a file path: the report goes to stdout');
      return path;
    },
  }),
  horizons: horizonsOption('the markout horizons of the intents'),
  report: choice(['table', 'json'], { help: 'table: readable; json: one JSON object on the last stdout line', default: 'table' }),
  ...UNIT_OPTIONS,
};

export const signalsCommand = defineCommand({
  name: 'signals',
  summary: 'replay recordings with the strategy: decisions, gate rejections and the intents\' markouts net of cost',
  description: `Replays recordings through the strategy (the signal's score and costs, its gates and the risk gates;
docs/STRATEGY.md) and writes the decision journal: each intent, and each change of the reason to stand
aside. No orders are simulated: it starts flat and assumes each intent fills in full at its price. The
report gives the evaluations, the intents by side and order type, how many evaluations each gate
rejected, and per horizon the intents' mid and executable markouts and the mid markout net of each
intent's estimated cost. The same recordings and configuration give the same journal, byte for byte.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const config = await loadStrategyConfig(values.config, values.set);
    const models = await loadStrategyModels(config);
    const files = await distinctFiles(operands);
    const horizonsMs = values.horizons;
    const output = values.out === undefined ? null : await PartialFile.open('signals', values.out);
    let stop: (() => Promise<void>) | null = null;
    try {
      const replay = await commandReplay(files, values, context, true);
      const pipeline = replay.pipeline;
      const engines = pipeline.allEngines();
      if (engines.length === 0) throw new UsageError('signals: no symbol found in the input');
      const lines = new JournalLines(engines.map((e) => e.instrument));
      const journal = lines.append;
      const tally = new SignalsTally(horizonsMs);
      const markets = new Map(engines.map((e) => [e.instrument, new MarkoutMarket(e.instrument, e.sync, e.bbo, () => e.dataEnded)] as const));
      pipeline.onEvent((_event, e) => {
        if (e !== null) markets.get(e.instrument)?.afterEvent();
      });
      // Rows come out in anchor order: the i-th row is the i-th intent's.
      const costs: number[] = [];
      let row = 0;
      const markouts = new MarkoutEngine(pipeline.time, horizonsMs, (r: MarkoutRow) => tally.markout(r, costs[row++] ?? 0));
      // Every evaluation with a score, measured too: the fitted relation of score to markout (scoreFit).
      const scores: number[] = [];
      let scored = 0;
      const evaluationMarkouts = new MarkoutEngine(pipeline.time, horizonsMs, (r: MarkoutRow) => tally.scored(r, scores[scored++] ?? 0));
      const features = attachFeatureEngines(pipeline);
      const strategy: AttachedStrategy = setUp(() => attachStrategy(pipeline, { config, models, features }, {
        journal,
        onDecision: (decision: Decision) => {
          const market = markets.get(pipeline.engine(decision.product, decision.symbol)?.instrument as Instrument);
          if (decision.score === null || decision.side === null || market === undefined) return;
          scores.push(decision.score);
          evaluationMarkouts.anchor(market, 'intent', decision.side === 'BUY' ? 'buy' : 'sell');
        },
        onIntent: (decision: Decision, _id: string, instrument: Instrument) => {
          const intent = decision.intent;
          if (intent === null) return;
          tally.intent(intent);
          const market = markets.get(instrument);
          if (market !== undefined) {
            costs.push(decision.costBps ?? 0);
            markouts.anchor(market, 'intent', intent.side === 'BUY' ? 'buy' : 'sell');
          }
          strategy.fill(instrument.product, instrument.symbol, assumedFill(decision, instrument, pipeline.time.nowUs()));
        },
      }));
      requireTraded('signals', strategy, (message) => context.warn(message));
      const driver = replay.driver();
      stop = () => driver.stop();
      const flush = async (): Promise<void> => {
        const text = lines.take();
        if (text !== null && output !== null) await output.write(text);
      };
      while (!driver.finished) {
        await driver.stepEvents(STEP_MESSAGES);
        await flush();
      }
      markouts.finish();
      evaluationMarkouts.finish();
      strategy.finish();
      await flush();
      await output?.commit();
      for (const s of strategy.symbols()) tally.evaluations(s.evaluations, s.rejectedBy);
      const digest = lines.digest();
      printLine(context.io.stdout, values.report === 'json' ? signalsReportJson(tally, digest, values.out ?? null) : signalsReportTable(tally, digest, values.out ?? null));
    } catch (error) {
      await stop?.();
      await output?.discard();
      throw error;
    }
    return 0;
  },
});

/** A strategy the configuration cannot run is a usage error: one line, exit 2. */
function setUp<T>(attach: () => T): T {
  try {
    return attach();
  } catch (error) {
    if (error instanceof StrategySetupError) throw new UsageError(`signals: ${error.message}`);
    throw error;
  }
}

/** The fill `signals` assumes: the whole intent at its limit price, paying the maker or taker fee of its type. */
function assumedFill(decision: Decision, instrument: Instrument, timeUs: number) {
  const intent = decision.intent as NonNullable<Decision['intent']>;
  const feeBps = decision.costParts?.fee ?? 0;
  const price = intentPrice(instrument, intent);
  const qty = lotsToQty(instrument, intent.qtyLots);
  const fee = new Decimal(price).times(qty).times(feeBps).div(10_000);
  return { timeUs, side: intent.side, price, qty, fee: fee.toFixed() };
}

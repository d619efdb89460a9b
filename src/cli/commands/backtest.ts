// cli/commands/backtest: `flowdesk backtest <file...> [--config FILE] [--set PATH=VALUE...] --out DIR
// [--report json|table]` — replays recordings through the strategy and the simulated exchange
// (kernel/backtest.ts) and writes DIR/decisions.jsonl (the trading journal: decisions, orders, reports,
// gate changes, tallies), DIR/orders.jsonl (every request and state change at the exchange's time),
// DIR/fills.jsonl and DIR/summary.json (docs/BACKTEST.md). Files are written under temporary names and
// renamed at the end; a directory that already holds a backtest's outputs is refused, never overwritten.

import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { choice, parsed, required } from '../../config/index.js';
import { UsageError, makeDirectory } from '../../core/index.js';
import { MarkoutEngine, MarkoutMarket } from '../../features/index.js';
import { StrategySetupError, attachBacktest, attachFeatureEngines } from '../../kernel/index.js';
import { decimalText, lotsToQty, ticksToPrice, type Instrument } from '../../model/index.js';
import { UNIT_OPTIONS, commandReplay, distinctFiles, horizonsOption } from '../args.js';
import { BacktestTally, backtestReportTable } from '../backtest-report.js';
import { JournalLines, requireTraded } from '../journal-lines.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import { PartialFile } from '../partial-file.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from '../strategy-config.js';

const STEP_MESSAGES = 20_000;
const OUTPUTS = ['decisions.jsonl', 'orders.jsonl', 'fills.jsonl', 'summary.json'] as const;

const OPTIONS = {
  ...STRATEGY_OPTIONS,
  out: required(
    parsed({
      help: 'the directory of decisions.jsonl, orders.jsonl, fills.jsonl and summary.json (created; never overwritten)',
      placeholder: 'DIR',
      accepts: 'a directory path',
      example: 'backtest-out',
      parse: (path) => path,
    }),
  ),
  horizons: horizonsOption('the markout horizons of the fills (adverse selection)'),
  report: choice(['table', 'json'], { help: 'table: readable; json: the summary, one JSON object on the last stdout line', default: 'table' }),
  ...UNIT_OPTIONS,
};

export const backtestCommand = defineCommand({
  name: 'backtest',
  summary: 'replay recordings through the strategy and a simulated exchange (queues, latency, fees, partial fills, rejects)',
  description: `Replays recordings through the strategy (docs/STRATEGY.md) and a simulated exchange: orders reach it after
the submit latency, LIMIT_MAKER orders wait in the queue of their price level and fill only when trades
exhaust the queue ahead (always at their own limit price), capped IOC orders walk the displayed book,
exchange filters, balances and rate limits reject, fees are exact, partial fills move positions. Writes
DIR/decisions.jsonl, DIR/orders.jsonl, DIR/fills.jsonl and DIR/summary.json; the same recordings,
configuration and seed give the same files, byte for byte. Every assumption: docs/BACKTEST.md.`,
  operands: { name: 'file', min: 1 },
  options: OPTIONS,
  usesSecrets: false,
  async run({ values, operands }, context) {
    const config = await loadStrategyConfig(values.config, values.set);
    const models = await loadStrategyModels(config);
    const files = await distinctFiles(operands);
    for (const name of OUTPUTS) {
      const path = join(values.out, name);
      if (await access(path).then(() => true, () => false)) throw new UsageError(`backtest: ${path} exists (a backtest's outputs are never overwritten; choose another --out)`);
    }
    try {
      makeDirectory(values.out);
    } catch (error) {
      throw new UsageError(`backtest: cannot create ${values.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const outputs = {
      decisions: await PartialFile.open('backtest', join(values.out, 'decisions.jsonl')),
      orders: await PartialFile.open('backtest', join(values.out, 'orders.jsonl')),
      fills: await PartialFile.open('backtest', join(values.out, 'fills.jsonl')),
      summary: await PartialFile.open('backtest', join(values.out, 'summary.json')),
    };
    const all = Object.values(outputs);
    let stop: (() => Promise<void>) | null = null;
    try {
      const replay = await commandReplay(files, values, context, true);
      const pipeline = replay.pipeline;
      const engines = pipeline.allEngines();
      if (engines.length === 0) throw new UsageError('backtest: no symbol found in the input');
      const lines = new JournalLines(engines.map((e) => e.instrument));
      const journal = lines.append;
      const pending = { orders: [] as string[], fills: [] as string[] };
      const tally = new BacktestTally(values.horizons);
      const markets = new Map(engines.map((e) => [e.instrument.symbol, new MarkoutMarket(e.instrument, e.sync, e.bbo, () => e.dataEnded)] as const));
      pipeline.onEvent((_event, e) => {
        if (e !== null) markets.get(e.instrument.symbol)?.afterEvent();
      });
      const fillMarkouts = new MarkoutEngine(pipeline.time, values.horizons, (row) => tally.fillMarkout(row));
      const features = attachFeatureEngines(pipeline);
      let backtest: ReturnType<typeof attachBacktest>;
      try {
        backtest = attachBacktest(
          pipeline,
          { config, models, features, rulesOf: (i) => replay.rulesOf(i.product, i.symbol) },
          {
            journal,
            onSubmit: (request) => {
              const { intent, clientOrderId } = request;
              const instrument = backtest.instruments.get(intent.symbol);
              if (instrument === undefined) return;
              const facts = backtest.exchange.orderFacts(clientOrderId);
              tally.submitted(intent.type, intent.qtyLots);
              pending.orders.push(
                JSON.stringify({
                  event: 'submit',
                  clientOrderId,
                  timeUs: pipeline.time.nowUs(),
                  decisionId: intent.decisionId,
                  symbol: intent.symbol,
                  side: intent.side === 'buy' ? 'BUY' : 'SELL',
                  type: intent.type,
                  price: priceText(instrument, intent.priceTicks),
                  qty: qtyText(instrument, intent.qtyLots),
                  arrivalUs: facts?.arrivalUs ?? null,
                }),
              );
            },
            onCancelRequest: (order, reason) => {
              pending.orders.push(JSON.stringify({ event: 'cancelRequest', clientOrderId: order.request.clientOrderId, timeUs: pipeline.time.nowUs(), reason }));
            },
            onVenueEvent: (report, eventUs) => {
              const instrument = backtest.instruments.get(report.symbol);
              const head = { clientOrderId: report.clientOrderId, timeUs: eventUs };
              switch (report.kind) {
                case 'accepted': {
                  const facts = backtest.exchange.orderFacts(report.clientOrderId);
                  const ahead = facts?.queueAheadAtJoin ?? null;
                  pending.orders.push(JSON.stringify({ event: 'ack', ...head, queueAhead: ahead === null || instrument === undefined ? null : qtyText(instrument, ahead) }));
                  return;
                }
                case 'rejected':
                  tally.rejected(report.reason);
                  pending.orders.push(JSON.stringify({ event: 'reject', ...head, reason: report.reason }));
                  return;
                case 'filled': {
                  if (instrument === undefined) return;
                  const price = priceText(instrument, report.priceTicks);
                  const qty = qtyText(instrument, report.qtyLots);
                  const position = backtest.account.summary().symbols[report.symbol]?.position ?? '0';
                  tally.filled(report.clientOrderId, report.liquidity, report.qtyLots);
                  pending.orders.push(JSON.stringify({ event: 'fill', ...head, price, qty, liquidity: report.liquidity }));
                  pending.fills.push(
                    JSON.stringify({ clientOrderId: report.clientOrderId, symbol: report.symbol, timeUs: eventUs, price, qty, liquidity: report.liquidity, fee: report.fee, feeAsset: report.feeAsset, position }),
                  );
                  const market = markets.get(report.symbol);
                  const side = backtest.orders.get(report.clientOrderId)?.request.intent.side;
                  if (market !== undefined && side !== undefined) fillMarkouts.anchor(market, 'fill', side);
                  return;
                }
                case 'canceled':
                  pending.orders.push(JSON.stringify({ event: 'canceled', ...head }));
                  return;
                case 'expired':
                  pending.orders.push(JSON.stringify({ event: 'expired', ...head }));
                  return;
                case 'cancelRejected':
                  pending.orders.push(JSON.stringify({ event: 'cancelRejected', ...head, reason: report.reason }));
                  return;
                case 'outcomeUnknown':
                  pending.orders.push(JSON.stringify({ event: 'outcomeUnknown', ...head, detail: report.detail }));
                  return;
              }
            },
          },
        );
      } catch (error) {
        if (error instanceof StrategySetupError) throw new UsageError(`backtest: ${error.message}`);
        throw error;
      }
      requireTraded('backtest', backtest.strategy, (message) => context.warn(message));
      const driver = replay.driver();
      stop = () => driver.stop();
      const flush = async (): Promise<void> => {
        const decisions = lines.take();
        if (decisions !== null) await outputs.decisions.write(decisions);
        for (const key of ['orders', 'fills'] as const) {
          if (pending[key].length === 0) continue;
          const text = `${pending[key].join('\n')}\n`;
          pending[key] = [];
          await outputs[key].write(text);
        }
      };
      while (!driver.finished) {
        await driver.stepEvents(STEP_MESSAGES);
        await flush();
      }
      fillMarkouts.finish();
      backtest.finish();
      await flush();
      const summary = tally.summary(backtest.account.summary(), backtest.orders, lines.digest());
      await outputs.summary.write(`${JSON.stringify(summary, null, 2)}\n`);
      for (const file of all) await file.commit();
      printLine(context.io.stdout, values.report === 'json' ? JSON.stringify(summary) : backtestReportTable(summary, values.out));
    } catch (error) {
      await stop?.();
      for (const file of all) await file.discard();
      throw error;
    }
    return 0;
  },
});

/** Prices and quantities as the journal writes them: canonical decimal text ("61836", "0.0001"). */
function priceText(instrument: Instrument, ticks: number): string {
  return decimalText(ticksToPrice(instrument, ticks));
}

function qtyText(instrument: Instrument, lots: number): string {
  return decimalText(lotsToQty(instrument, lots));
}

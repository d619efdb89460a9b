// cli/paper-headless: `flowdesk paper --no-ui` — the paper engine (cli/paper-engine) with a status line on
// stderr every --status-every seconds (cli/paper-status). SIGINT, SIGTERM or SIGHUP stop it in order (the
// journal's tallies, the last snapshot, the files closed) and exit 0; a file that cannot be written stops
// it with one line and exit 1. On stop, stdout lists the session's journal and market files.

import { attachFeatureEngines } from '../kernel/index.js';
import type { CommandContext } from './context.js';
import { printLine } from './io.js';
import { untilStopSignal } from './live-setup.js';
import { logNotices } from './notices.js';
import { PaperEngine, baseAssetOf, type PaperEngineOptions } from './paper-engine.js';
import { PaperStatus } from './paper-status.js';
import { systemClock, systemScheduler } from './system-time.js';

export async function runPaperHeadless(options: PaperEngineOptions & { readonly statusMode?: string }, context: CommandContext): Promise<number> {
  const status = new PaperStatus(options.statusMode ?? null);
  let failed: (code: number) => void = () => undefined;
  const failure = new Promise<number>((resolve) => {
    failed = resolve;
  });
  const engine = new PaperEngine(context, options, {
    onPipeline: (pipeline, trading) => {
      trading(pipeline, attachFeatureEngines(pipeline), () => undefined);
    },
    onDecision: status.onDecision,
    onEvent: logNotices(context.logger),
    onFatal: (error) => {
      printLine(context.io.stderr, `flowdesk: ${options.trade === undefined ? 'paper ' : ''}trading stopped: ${error instanceof Error ? error.message : String(error)}`);
      failed(1);
    },
  });
  const signal = untilStopSignal(context);
  const finished = Promise.race([signal.stopped, failure]);
  const accountField = (): string | null => {
    const trader = engine.trader;
    const assets = trader === null ? [] : [...new Set(trader.positions().symbols.flatMap((p) => [baseAssetOf(p.symbol, p.quoteAsset), p.quoteAsset]))];
    return engine.accountField(assets);
  };
  const printStatus = (): void => printLine(context.io.stderr, status.render(engine.trader, engine.pipeline, systemClock.nowUs(), engine.connectionState(), accountField()));
  let timer = (): void => undefined;
  let code = 0;
  try {
    await engine.prepare();
    // From the start (the first line at once): what is being tried is never a silent wait.
    printStatus();
    timer = systemScheduler.every(options.args.statusEverySec * 1000, printStatus);
    await Promise.race([engine.start(), finished]);
    code = await finished;
  } finally {
    timer();
    signal.dispose();
    try {
      await engine.stop();
    } catch (error) {
      if (code === 0) printLine(context.io.stderr, `flowdesk: ${options.trade === undefined ? 'paper ' : ''}trading stopped: ${(error as Error).message}`);
      code = 1;
    }
  }
  printStatus();
  if (engine.trader !== null) printLine(context.io.stdout, engine.journalPath);
  for (const file of engine.marketFiles) printLine(context.io.stdout, file);
  return code;
}

// cli/commands/live: `flowdesk live --product spot|usdm --symbols A,B` — the console on Binance's public
// streams (no keys; its engine in a worker thread, cli/live-console), or with --no-ui a status line every
// few seconds. Same pipeline as replay and record; nothing is written. Ctrl+C / q / SIGTERM stop it in
// order, exit 0.

import { attachFeatureEngines } from '../../kernel/index.js';
import { NoTerminalError, terminalProblem } from '../../tui/index.js';
import { defineCommand } from '../command.js';
import { printLine } from '../io.js';
import { runLiveConsole } from '../live-console.js';
import { LivePerf } from '../live-perf.js';
import { LIVE_OPTIONS, createLiveSession, parseLiveArgs, untilStopSignal } from '../live-setup.js';
import { logNotices } from '../notices.js';
import { StatusLine } from '../status-line.js';
import { systemClock, systemScheduler } from '../system-time.js';

export const liveCommand = defineCommand({
  name: 'live',
  summary: 'watch Binance public market data live, in the console or headless',
  description: `Watches Binance public market data live: the console (default; needs a terminal), or with --no-ui one
status line per symbol every --status-every seconds on stderr. No API keys are read and nothing is
recorded (use flowdesk record for that). Endpoints: BINANCE_SPOT_* / BINANCE_USDM_* in .env.`,
  operands: null,
  options: LIVE_OPTIONS,
  usesSecrets: false,
  async run({ values }, context) {
    const args = parseLiveArgs(values);
    const headless = values['no-ui'];
    const problem = headless ? null : terminalProblem(process.stdin, process.stdout);
    if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
    if (!headless) return runLiveConsole(args, context);
    const status = new StatusLine(args.imbalanceLevels);
    const notices = logNotices(context.logger);
    // FLOWDESK_PERF_OUT: measure the live path's latency (bench/live-latency.mjs); the feature engine then
    // runs too, so "receive → features updated" means the same thing with and without the console.
    const perfOut = context.config.perf.out;
    const perf = perfOut === null ? null : new LivePerf(perfOut, systemClock.nowUs);
    const pipelineRef: { messages: () => number | null } = { messages: () => null };
    const live = await createLiveSession(args, context, {
      onEvent: (event) => {
        perf?.bookApplied(event);
        status.onEvent(event);
        notices(event);
      },
      onPipeline: (pipeline) => {
        if (perf !== null) {
          attachFeatureEngines(pipeline);
          pipeline.onEvent((event) => perf.featuresUpdated(event));
        }
        pipelineRef.messages = () => pipeline.counters.messages;
      },
    });
    const finish = (): void => perf?.write({ headless: true, messages: pipelineRef.messages() });
    const signal = untilStopSignal(context);
    // From the start (the first line at once), so a refused or silent endpoint is visible
    // (`connecting to URL (attempt k)`, `reconnecting in Ns (attempt k)`).
    const printStatus = (): void => {
      const nowUs = systemClock.nowUs();
      printLine(context.io.stderr, status.render(live.pipelineIfStarted, nowUs, live.connectionState(nowUs)));
    };
    printStatus();
    const timer = systemScheduler.every(args.statusEverySec * 1000, printStatus);
    try {
      await Promise.race([live.start(), signal.stopped]);
      await signal.stopped;
    } finally {
      timer();
      signal.dispose();
      await live.stop();
      finish();
    }
    return 0;
  },
});

// cli/commands/paper: `flowdesk paper --product spot --symbols A,B [--config FILE] [--set PATH=VALUE...]
// [--state DIR] [--reset-kill] [--no-ui]` — the strategy paper-trading Binance's public streams on the
// simulated exchange of the backtest, in the console or headless (cli/paper-headless, cli/paper-console).
// No API key is read. Everything goes to the state directory (cli/paper-state; docs/PAPER.md): the trading
// journal and the market recording of each session, and state.json to resume from. Every check that can
// refuse the run (options, strategy, product, the directory) comes before anything is written.

import { flag, parsed } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { NoTerminalError, terminalProblem } from '../../tui/index.js';
import { defineCommand } from '../command.js';
import { LIVE_OPTIONS, parseLiveArgs, type LiveArgs } from '../live-setup.js';
import { acquireOutputLock } from '../output-lock.js';
import { runPaperConsole } from '../paper-console.js';
import type { PaperRequest } from '../paper-engine.js';
import { removeKillFile } from '../paper-kill.js';
import { runPaperHeadless } from '../paper-headless.js';
import { checkJournal, configDigest, inspectStateDirectory, type StateDirectory } from '../paper-state.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from '../strategy-config.js';

const { 'imbalance-levels': _imbalance, ...MARKET_OPTIONS } = LIVE_OPTIONS;

const OPTIONS = {
  ...MARKET_OPTIONS,
  ...STRATEGY_OPTIONS,
  state: parsed({
    help: 'the state directory: journals, market recordings, state.json (docs/PAPER.md)',
    placeholder: 'DIR',
    accepts: 'a directory path',
    example: 'paper-state',
    parse: (path) => path,
    default: 'paper-state',
  }),
  'reset-kill': flag('reset a kill switch the state holds, and remove DIR/kill, before trading starts'),
};

export const paperCommand = defineCommand({
  name: 'paper',
  summary: 'paper-trade the strategy on live public data against the simulated exchange (no keys needed)',
  description: `Runs the strategy (docs/STRATEGY.md) on Binance's public streams against the backtest's simulated exchange:
in the console (default; needs a terminal) or with --no-ui a status line on stderr every --status-every
seconds. No API keys are read. Endpoints: BINANCE_SPOT_* in .env, as for record. Each session writes its
trading journal and the market data it used to DIR/sessions/NNNN; DIR/state.json is the latest snapshot,
and running again on DIR resumes from it. Kill switch from outside: create DIR/kill or send SIGUSR2.
Stop with Ctrl+C, SIGTERM or SIGHUP (q in the console): exit 0. One paper process per DIR. docs/PAPER.md.`,
  operands: null,
  options: OPTIONS,
  usesSecrets: false,
  async run({ values }, context) {
    const args = parseLiveArgs({ ...values, 'imbalance-levels': 10 });
    if (args.product === 'usdm') throw new UsageError('paper: the strategy does not trade USD-M yet (its long/short position model is not built); use --product spot');
    const config = await loadStrategyConfig(values.config, values.set);
    const models = await loadStrategyModels(config);
    const headless = values['no-ui'];
    const problem = headless ? null : terminalProblem(process.stdin, process.stdout);
    if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
    const dir = values.state;
    // Read first without writing: a foreign or damaged directory is refused before its lock is even taken.
    fits(inspectStateDirectory(dir), args);
    const lock = acquireOutputLock(dir, { command: `flowdesk ${process.argv.slice(2).join(' ')}`, warn: (message) => context.warn(message) });
    try {
      const state = fits(inspectStateDirectory(dir), args);
      if (state.state !== null) {
        await checkJournal(dir, state.state, (message) => context.warn(message));
        if (state.state.configDigest !== configDigest(config)) context.warn('paper: the strategy configuration is not the one the state was saved with; the saved positions and gates are resumed under the new one');
      }
      if (values['reset-kill']) removeKillFile(dir, (message) => context.warn(message));
      if (state.state !== null && values['reset-kill'] && state.state.trading.killReason === null) context.warn('paper: --reset-kill: the state holds no kill switch');
      const request: PaperRequest = { args, strategy: { config, models }, state, resetKill: values['reset-kill'] };
      return await withKillSignal((count) =>
        headless ? runPaperHeadless({ ...request, killSignals: () => Atomics.load(count, 0) }, context) : runPaperConsole(request, count, context),
      );
    } finally {
      lock.release();
    }
  },
});

/** The state can be resumed by this run: the same product and symbols. */
function fits(state: StateDirectory, args: LiveArgs): StateDirectory {
  const s = state.state;
  if (s === null) return state;
  if (s.product !== args.product) throw new UsageError(`paper: ${state.dir} holds a ${s.product} paper state; run it with --product ${s.product}`);
  const same = s.symbolList.length === args.symbols.length && s.symbolList.every((symbol) => args.symbols.includes(symbol));
  if (!same) throw new UsageError(`paper: ${state.dir} holds a paper state of ${s.symbolList.join(',')}; resume it with --symbols ${s.symbolList.join(',')}`);
  return state;
}

/** Counts SIGUSR2 (the kill switch from outside) while `run` runs; the count lives in shared memory for a worker. */
async function withKillSignal(run: (killSignals: Int32Array) => Promise<number>): Promise<number> {
  const count = new Int32Array(new SharedArrayBuffer(4));
  const onSignal = (): void => {
    Atomics.add(count, 0, 1);
  };
  process.on('SIGUSR2', onSignal);
  try {
    return await run(count);
  } finally {
    process.off('SIGUSR2', onSignal);
  }
}

// cli/paper-run: one session of the strategy on live public data with a state directory — the run shared by
// `flowdesk paper` and `flowdesk trade` (cli/commands/paper.ts, cli/commands/trade.ts): the options they
// share, the checks that can refuse the run (options, strategy, product, the directory) before anything is
// written, the directory's lock, then the console (cli/paper-console) or headless (cli/paper-headless) with
// SIGUSR2 counted as the kill switch from outside.

import { flag, parsed, strategyParamsFor, type OptionValues, type StrategyConfig } from '../config/index.js';
import { Money } from '../model/index.js';
import { UsageError } from '../core/index.js';
import { NoTerminalError, terminalProblem } from '../tui/index.js';
import type { CommandContext } from './context.js';
import { LIVE_OPTIONS, parseLiveArgs, type LiveArgs } from './live-setup.js';
import { acquireOutputLock } from './output-lock.js';
import { runPaperConsole } from './paper-console.js';
import type { PaperRequest, TradeSettings } from './paper-engine.js';
import { removeKillFile } from './paper-kill.js';
import { runPaperHeadless } from './paper-headless.js';
import { checkJournal, configDigest, executionWords, inspectStateDirectory, type ExecutionState, type StateDirectory } from './paper-state.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from './strategy-config.js';

const { 'imbalance-levels': _imbalance, ...MARKET_OPTIONS } = LIVE_OPTIONS;

/** The options of a session command; `defaultState` is its state directory's default. */
export function sessionOptions<const D extends string>(defaultState: D) {
  return {
    ...MARKET_OPTIONS,
    ...STRATEGY_OPTIONS,
    state: parsed({
      help: 'the state directory: journals, market recordings, state.json (docs/PAPER.md)',
      placeholder: 'DIR',
      accepts: 'a directory path',
      example: defaultState,
      parse: (path) => path,
      default: defaultState,
    }),
    'reset-kill': flag('reset a kill switch the state holds, and remove DIR/kill, before trading starts'),
  };
}

export type SessionValues = OptionValues<ReturnType<typeof sessionOptions>>;

export interface SessionKind {
  /** The command's name, first word of its messages. */
  readonly name: string;
  /** trade's settings; undefined for paper. */
  readonly trade?: TradeSettings;
  /** The headless status line's first field (trade's mode). */
  readonly statusMode?: string;
}

/** Runs one session to its end; returns the exit code. */
export async function runSession(kind: SessionKind, values: SessionValues, context: CommandContext): Promise<number> {
  const name = kind.name;
  const args = parseLiveArgs({ ...values, 'imbalance-levels': 10 });
  if (args.product === 'usdm') throw new UsageError(`${name}: the strategy does not trade USD-M yet (its long/short position model is not built); use --product spot`);
  const config = await loadStrategyConfig(values.config, values.set);
  const trade = kind.trade === undefined ? undefined : checkOrderCap(kind.trade, config, args.symbols, context);
  const models = await loadStrategyModels(config);
  const headless = values['no-ui'];
  const problem = headless ? null : terminalProblem(process.stdin, process.stdout);
  if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
  const dir = values.state;
  // Read first without writing: a foreign or damaged directory is refused before its lock is even taken.
  fits(name, inspectStateDirectory(dir), args, trade);
  const lock = acquireOutputLock(dir, { command: `flowdesk ${process.argv.slice(2).join(' ')}`, warn: (message) => context.warn(message) });
  try {
    const state = fits(name, inspectStateDirectory(dir), args, trade);
    if (state.state !== null) {
      await checkJournal(dir, state.state, (message) => context.warn(message));
      if (state.state.configDigest !== configDigest(config)) context.warn(`${name}: the strategy configuration is not the one the state was saved with; the saved positions and gates are resumed under the new one`);
    }
    if (values['reset-kill']) removeKillFile(dir, (message) => context.warn(message));
    if (state.state !== null && values['reset-kill'] && state.state.trading.killReason === null) context.warn(`${name}: --reset-kill: the state holds no kill switch`);
    const request: PaperRequest = { args, strategy: { config, models }, state, resetKill: values['reset-kill'], ...(trade === undefined ? {} : { trade }) };
    return await withKillSignal((count) =>
      headless
        ? runPaperHeadless({ ...request, killSignals: () => Atomics.load(count, 0), ...(kind.statusMode === undefined ? {} : { statusMode: kind.statusMode }) }, context)
        : runPaperConsole(request, count, context),
    );
  } finally {
    lock.release();
  }
}

/** LIVE: a strategy whose orders are larger than FLOWDESK_LIVE_MAX_ORDER_NOTIONAL is refused (one line, exit 2). */
function checkOrderCap(trade: TradeSettings, config: StrategyConfig, symbols: readonly string[], context: CommandContext): TradeSettings {
  if (trade.binanceVenue === undefined) return trade;
  if (trade.mode === 'LIVE') {
    const live = new Money(context.config.liveMaxOrderNotional);
    // Every order would be refused: say so before anything starts.
    for (const symbol of symbols) {
      const size = strategyParamsFor(config, symbol).orderNotional;
      if (new Money(size).greaterThan(live)) {
        throw new UsageError(`trade: LIVE: ${symbol}'s orderNotional ${size} is above FLOWDESK_LIVE_MAX_ORDER_NOTIONAL ${live.toFixed()}: --set orderNotional=${live.toFixed()} (or raise the cap)`);
      }
    }
  }
  return trade;
}

/** The state can be resumed by this run: the same product and symbols, and its orders went where this run's go. */
function fits(name: string, state: StateDirectory, args: LiveArgs, trade: TradeSettings | undefined): StateDirectory {
  const s = state.state;
  if (s === null) return state;
  const venue = trade?.binanceVenue;
  const here: ExecutionState | undefined = trade === undefined || venue === undefined ? undefined : { mode: trade.mode, venue, baseline: null };
  if (s.execution?.mode !== here?.mode || s.execution?.venue !== here?.venue) {
    throw new UsageError(`${name}: ${state.dir} holds the state of orders sent to ${executionWords(s.execution)}; this run sends them to ${executionWords(here)}: choose another --state`);
  }
  if (s.product !== args.product) throw new UsageError(`${name}: ${state.dir} holds a ${s.product} paper state; run it with --product ${s.product}`);
  const same = s.symbolList.length === args.symbols.length && s.symbolList.every((symbol) => args.symbols.includes(symbol));
  if (!same) throw new UsageError(`${name}: ${state.dir} holds a paper state of ${s.symbolList.join(',')}; resume it with --symbols ${s.symbolList.join(',')}`);
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

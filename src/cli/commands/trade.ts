// cli/commands/trade: `flowdesk trade --product spot --symbols A,B [--config FILE] [--set PATH=VALUE...]
// [--state DIR] [--live] [--enable-trading] [--on-stop cancel|leave] [--no-ui]` — the strategy on Binance's
// public streams, its orders going where EXECUTION_MODE routes them (config/execution.ts). The session is
// paper's (cli/paper-run: state directory, journal, market recording, kill file, status line, console),
// with two differences: no order goes out until the operator enables trading (the console's E key with a
// confirmation, or --enable-trading), and a stop cancels the open orders (--on-stop). Refusals come first,
// one line, exit 2: --live missing for LIVE (or given for another mode), a key that is not set, USD-M.
// PUBLIC reads no key and builds nothing private: its orders go to the simulated exchange. READ_ONLY_PRIVATE
// reads the production account (cli/binance-account) and sends no order anywhere: the strategy's intents
// stay decisions in the journal. DRY_RUN_PRIVATE, DEMO, TESTNET and LIVE trade through cli/binance-session
// (the dry run validates each order at Binance and sends none).

import { choice, executionVenueFor, flag, isConfigError, type ExecutionMode, type ExecutionRoute } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { runSession, sessionOptions } from '../paper-run.js';

const OPTIONS = {
  ...sessionOptions('trade-state'),
  live: flag('EXECUTION_MODE=LIVE only: trade in production (required by LIVE, refused with any other mode)'),
  'enable-trading': flag('headless: open the enablement gate at the start (the console: key E, then y)'),
  'on-stop': choice(['cancel', 'leave'] as const, { help: 'open orders when the session stops', default: 'cancel' }),
};

/** The status line's first field per mode: the mode and where its orders go. */
export function tradeModeLine(mode: ExecutionMode): string {
  if (mode === 'PUBLIC') return 'PUBLIC (orders to the simulated exchange, none to Binance)';
  if (mode === 'READ_ONLY_PRIVATE') return 'READ_ONLY_PRIVATE (reads the Binance account, sends no order)';
  if (mode === 'DRY_RUN_PRIVATE') return 'DRY_RUN_PRIVATE (validates orders at Binance, sends none)';
  if (mode === 'LIVE') return 'LIVE (real orders to Binance production)';
  return `${mode} (orders to Binance ${mode === 'DEMO' ? 'demo mode' : 'spot testnet'})`;
}

export const tradeCommand = defineCommand({
  name: 'trade',
  summary: 'trade the strategy on live public data where EXECUTION_MODE routes its orders (PUBLIC: the simulated exchange)',
  description: `Runs the strategy on Binance's public streams like paper (the same state directory, journal, market recording,
kill file and console), its orders going where EXECUTION_MODE routes them. PUBLIC (the default) reads no
API key and sends nothing to Binance: orders go to the simulated exchange. No order goes out until trading
is enabled: the console's E key (then y), or --enable-trading headless. A stop (q, Ctrl+C, SIGTERM, SIGHUP)
cancels the open orders (--on-stop leave keeps them) and exits 0. LIVE starts only with --live.
READ_ONLY_PRIVATE reads the Binance account's balances and open orders (BINANCE_API_KEY/SECRET) and sends no
order: intents stay decisions. DRY_RUN_PRIVATE builds each order exactly, has Binance validate it (test
order) and journals it; it sends none. DEMO and TESTNET send to their own venue with their own keys; LIVE
to production, with --live, the enablement and FLOWDESK_LIVE_MAX_ORDER_NOTIONAL. docs/TRADE.md.`,
  operands: null,
  options: OPTIONS,
  usesSecrets: true,
  async run({ values }, context) {
    const mode = context.config.executionMode;
    const route = routeOf(mode, values.live, context);
    const readOnly = route?.mode === 'READ_ONLY_PRIVATE';
    if (readOnly && values['enable-trading']) throw new UsageError('trade: EXECUTION_MODE=READ_ONLY_PRIVATE sends no order: drop --enable-trading');
    if (values.product === 'usdm') throw new UsageError('trade: USD-M is not built (spot only); use --product spot');
    const atBinance = route !== null && !readOnly ? { binanceVenue: route.venue } : {};
    const trade = { mode, enableTrading: values['enable-trading'], onStop: values['on-stop'], ...(readOnly ? { readOnly: true } : {}), ...atBinance };
    return runSession(
      { name: 'trade', trade, statusMode: tradeModeLine(mode) },
      values,
      context,
    );
  },
});

/** The mode's route (null for PUBLIC); a refusal is one UsageError line naming what to fix (exit 2). */
function routeOf(mode: ExecutionMode, live: boolean, context: CommandContext): ExecutionRoute | null {
  try {
    return executionVenueFor(mode, context.config, { live });
  } catch (error) {
    if (isConfigError(error)) throw new UsageError(`configuration error: ${error.message}`);
    throw error;
  }
}

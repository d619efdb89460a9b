// cli/commands/paper: `flowdesk paper --product spot --symbols A,B [--config FILE] [--set PATH=VALUE...]
// [--state DIR] [--reset-kill] [--no-ui]` — the strategy paper-trading Binance's public streams on the
// simulated exchange of the backtest, in the console or headless (cli/paper-run). No API key is read.
// Everything goes to the state directory (cli/paper-state; docs/PAPER.md): the trading journal and the
// market recording of each session, and state.json to resume from.

import { defineCommand } from '../command.js';
import { runSession, sessionOptions } from '../paper-run.js';

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
  options: sessionOptions('paper-state'),
  usesSecrets: false,
  run: ({ values }, context) => runSession({ name: 'paper' }, values, context),
});

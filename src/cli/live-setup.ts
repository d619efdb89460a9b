// cli/live-setup: what `flowdesk record` and `flowdesk live` share — their market-data flags, and a
// LiveSession wired to the Binance SDK venue, the system clock and timers, with the SDK's log routed to
// ours.

import { seededRandom, UsageError } from '../core/index.js';
import { LiveSession, type LiveSessionHooks, type TradeStream } from '../kernel/index.js';
import type { Product } from '../model/index.js';
import { createBinanceVenue } from '../venue/index.js';
import { choiceOption, optionalString, positiveNumberOption, productOption, type OptionSpec, type Parsed } from './args.js';
import type { CommandContext } from './context.js';
import { systemClock, systemScheduler } from './system-time.js';

export const LIVE_OPTIONS: OptionSpec = {
  product: { type: 'string' },
  symbols: { type: 'string' },
  trades: { type: 'string' },
  depth: { type: 'string' },
  'snapshot-limit': { type: 'string' },
  'status-every': { type: 'string' },
  'imbalance-levels': { type: 'string' },
  'no-ui': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const LIVE_OPTIONS_HELP = `  --symbols           comma-separated (default BTCUSDT,ETHUSDT)
  --trades            trade (default) or aggTrade
  --depth             diff depth stream (default depth@100ms)
  --snapshot-limit    REST snapshot levels (default 1000; spot up to 5000, USD-M up to 1000)
  --status-every      seconds between status lines on stderr (default 10)
  --imbalance-levels  levels per side in the status line's notional imbalance (default 10)`;

export interface LiveArgs {
  readonly product: Product;
  readonly symbols: readonly string[];
  readonly trades: TradeStream;
  readonly depthStream: string;
  readonly snapshotLimit: number;
  readonly statusEverySec: number;
  readonly imbalanceLevels: number;
}

export function parseLiveArgs(parsed: Parsed, command: string, usage: string): LiveArgs {
  const product = productOption(parsed);
  if (product === undefined) throw new UsageError(`${command}: --product spot|usdm is required\n${usage}`);
  const symbols = (optionalString(parsed, 'symbols') ?? 'BTCUSDT,ETHUSDT').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  if (symbols.length === 0 || symbols.some((s) => !/^[A-Z0-9]{2,30}$/.test(s))) throw new UsageError('--symbols must be a comma-separated list such as BTCUSDT,ETHUSDT');
  const trades = choiceOption(parsed, 'trades', ['trade', 'aggTrade'] as const) ?? 'trade';
  const snapshotLimit = positiveNumberOption(parsed, 'snapshot-limit', 1000);
  if (!Number.isInteger(snapshotLimit) || snapshotLimit > (product === 'spot' ? 5000 : 1000)) {
    throw new UsageError(`--snapshot-limit must be an integer up to ${product === 'spot' ? 5000 : 1000} for ${product}`);
  }
  return {
    product,
    symbols,
    trades,
    depthStream: optionalString(parsed, 'depth') ?? 'depth@100ms',
    snapshotLimit,
    statusEverySec: positiveNumberOption(parsed, 'status-every', 10),
    imbalanceLevels: positiveNumberOption(parsed, 'imbalance-levels', 10),
  };
}

export async function createLiveSession(args: LiveArgs, context: CommandContext, hooks: LiveSessionHooks): Promise<LiveSession> {
  const endpoints = context.config.endpoints;
  const venue = await createBinanceVenue({
    product: args.product,
    restUrl: args.product === 'spot' ? endpoints.spotRest : endpoints.usdmRest,
    wsUrl: args.product === 'spot' ? endpoints.spotWs : endpoints.usdmWs,
    requestTimeoutMs: 10_000,
    sdkLog: (level, params) => {
      if (level === 'error') context.logger.warn({ sdk: params }, 'binance SDK');
      else context.logger.debug({ sdk: params }, 'binance SDK');
    },
  });
  return new LiveSession(
    {
      product: args.product,
      symbols: args.symbols,
      depthStream: args.depthStream,
      tradeStream: args.trades,
      snapshotLimit: args.snapshotLimit,
      engine: context.engine,
      staleCheckMs: 250,
    },
    { venue, clock: systemClock, scheduler: systemScheduler, random: seededRandom(systemClock.nowUs() % 2 ** 32) },
    hooks,
  );
}

/** The signals that stop a headless command cleanly: Ctrl+C, `kill`/systemd, and a terminal that hung up. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Installed for good by the first stop signal: a second Ctrl+C or SIGTERM must not kill the closing of files. */
const lateSignal = (): void => undefined;

/**
 * Resolves with 0 on SIGINT, SIGTERM or SIGHUP (a dropped SSH session); `dispose` removes the handlers. From
 * the first signal on, further ones are ignored for the rest of the process (a default action would cut the
 * last file off).
 */
export function untilStopSignal(context: CommandContext): { stopped: Promise<number>; dispose: () => void } {
  let resolve: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((r) => {
    resolve = r;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    context.logger.info({ signal }, 'stopping');
    if (!process.listeners('SIGINT').includes(lateSignal)) for (const s of STOP_SIGNALS) process.on(s, lateSignal);
    resolve(0);
  };
  for (const s of STOP_SIGNALS) process.once(s, onSignal);
  return {
    stopped,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}

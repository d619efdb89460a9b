// cli/live-setup: what `flowdesk record` and `flowdesk live` share — their market-data flags, and a
// LiveSession wired to the Binance SDK venue, the system clock and timers, with the SDK's log routed to
// ours.

import { choice, flag, integer, number, parsed, required, type OptionValues } from '../config/index.js';
import { seededRandom, UsageError } from '../core/index.js';
import { LiveSession, type LiveSessionHooks, type TradeStream } from '../kernel/index.js';
import { PRODUCTS, type Product } from '../model/index.js';
import { createBinanceVenue } from '../venue/index.js';
import { parseSymbolList } from './args.js';
import type { CommandContext } from './context.js';
import { systemClock, systemScheduler } from './system-time.js';

/** Binance's diff depth streams: spot has the first two, USD-M all four (depth@0ms: not in its docs, real-time). */
const DEPTH_STREAMS = ['depth@100ms', 'depth', 'depth@500ms', 'depth@0ms'] as const;
const SPOT_DEPTH_STREAMS: readonly string[] = ['depth@100ms', 'depth'];
/** Snapshot depths Binance serves: spot any from 1 to 5000, USD-M these. */
const USDM_SNAPSHOT_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

export const LIVE_OPTIONS = {
  product: required(choice(PRODUCTS as readonly Product[], { help: 'Binance spot or USD-M futures' })),
  symbols: parsed({
    help: 'the symbols, comma-separated',
    placeholder: 'A,B',
    accepts: 'comma-separated symbols such as BTCUSDT,ETHUSDT, each once',
    parse: parseSymbolList,
    default: 'BTCUSDT,ETHUSDT',
  }),
  trades: choice(['trade', 'aggTrade'], { help: 'the trade stream', default: 'trade' }),
  depth: choice(DEPTH_STREAMS, { help: 'the diff depth stream; spot has the first two', placeholder: 'STREAM', default: 'depth@100ms' }),
  'snapshot-limit': integer({ help: 'REST snapshot levels; USD-M takes 5, 10, 20, 50, 100, 500 or 1000', min: 1, max: 5000, unit: 'levels', default: 1000 }),
  'status-every': number({ help: 'seconds between status lines on stderr', min: 1, max: 86_400, unit: 'seconds', placeholder: 'S', default: 10 }),
  'imbalance-levels': integer({ help: "levels per side in the status line's notional imbalance", min: 1, max: 100, unit: 'levels', default: 10 }),
  'no-ui': flag('run headless: status lines on stderr instead of the console'),
};

export interface LiveArgs {
  readonly product: Product;
  readonly symbols: readonly string[];
  readonly trades: TradeStream;
  readonly depthStream: string;
  readonly snapshotLimit: number;
  readonly statusEverySec: number;
  readonly imbalanceLevels: number;
}

/** The live options, with the checks that depend on the product. */
export function parseLiveArgs(values: OptionValues<typeof LIVE_OPTIONS>): LiveArgs {
  const { product, depth } = values;
  const snapshotLimit = values['snapshot-limit'];
  if (product === 'spot' && !SPOT_DEPTH_STREAMS.includes(depth)) {
    throw new UsageError(`--depth ${depth} is a USD-M stream; spot has ${SPOT_DEPTH_STREAMS.join(' or ')}`);
  }
  if (product === 'usdm' && !USDM_SNAPSHOT_LIMITS.includes(snapshotLimit)) {
    throw new UsageError(`--snapshot-limit must be one of ${USDM_SNAPSHOT_LIMITS.join(', ')} for usdm, got "${snapshotLimit}"`);
  }
  return {
    product,
    symbols: values.symbols,
    trades: values.trades,
    depthStream: depth,
    snapshotLimit,
    statusEverySec: values['status-every'],
    imbalanceLevels: values['imbalance-levels'],
  };
}

export async function createLiveSession(args: LiveArgs, context: CommandContext, hooks: LiveSessionHooks): Promise<LiveSession> {
  const endpoints = context.config.endpoints;
  const restUrl = args.product === 'spot' ? endpoints.spotRest : endpoints.usdmRest;
  const venue = await createBinanceVenue({
    product: args.product,
    restUrl,
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
      endpoint: restUrl,
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

// config/strategy: the one zod schema of a strategy's configuration (docs/STRATEGY.md comments every
// field) and its defaults. A file holds every parameter at the top level (the defaults of every symbol) and
// per-symbol overrides under `symbols.<SYMBOL>`; a symbol's parameters are the top level with its overrides
// laid over it, validated as a whole. Defaults are conservative: Binance VIP 0 spot fees, a score threshold
// of 2, safety margins. Owns validation only; it never reads files (cli/strategy-config.ts does) and never
// loads a model file (the path is checked when the strategy is set up).
import { z } from 'zod';
import { decimalText } from '../model/index.js';

/** The feature engine's windows a gate or score input may read (features/windows.ts WINDOWS_MS). */
export const STRATEGY_WINDOWS_MS = [100, 250, 500, 1000, 3000, 5000, 10_000] as const;
/** Levels of the feature engine's multi-level OFI (DEFAULT_FEATURE_OPTIONS.mlofiLevels). */
export const STRATEGY_MLOFI_LEVELS = 5;

const SYMBOL = /^[A-Z0-9]{2,30}$/;

function bps(fallback: number, max = 10_000) {
  return z.number().min(0).max(max).default(fallback);
}

function count(fallback: number, min: number, max: number) {
  return z.number().int().min(min).max(max).default(fallback);
}

const windowMs = (fallback: (typeof STRATEGY_WINDOWS_MS)[number]) =>
  z
    .number()
    .refine((v) => (STRATEGY_WINDOWS_MS as readonly number[]).includes(v), { message: `must be one of the feature windows ${STRATEGY_WINDOWS_MS.join(', ')} (ms)` })
    .default(fallback);

/** A positive decimal amount (quote currency): a JSON number or a decimal string, kept as a canonical decimal string. */
function amount(fallback: string) {
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toString() : '') : value;
      let canonical = '';
      try {
        canonical = decimalText(text);
      } catch {
        // below
      }
      if (!/^\d+(\.\d+)?$/.test(canonical) || canonical === '0') {
        ctx.addIssue({ code: 'custom', message: `must be a positive decimal amount, got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return canonical;
    })
    .default(fallback);
}

const weights = z
  .strictObject({
    tfi: z.number().default(0.35),
    ofi: z.number().default(0.25),
    mlofi: z.number().default(0.15),
    microprice: z.number().default(0.15),
    depletion: z.number().default(0.1),
    spread: z.number().default(-0.2),
    vol: z.number().default(-0.2),
  })
  .prefault({});

const baseline = z
  .strictObject({
    weights,
    /** Weights of the MLOFI levels 1..n in "weighted MLOFI". */
    mlofiLevelWeights: z.array(z.number().min(0)).min(1).max(STRATEGY_MLOFI_LEVELS).default([1, 0.5, 0.25, 0.125, 0.0625]),
    tfiWindowMs: windowMs(1000),
    ofiWindowMs: windowMs(500),
    mlofiWindowMs: windowMs(1000),
    depletionWindowMs: windowMs(1000),
    zWindowSeconds: z.number().int().min(10).max(86_400).default(300),
    zSampleMs: z.number().int().min(100).max(60_000).default(1000),
    /** |z| of every score term is clamped to this (a nearly constant input would give huge z). */
    zClamp: z.number().min(0.5).max(1000).default(4),
  })
  .prefault({});

const alpha = z
  .strictObject({
    source: z.string().min(1).default('baseline'),
    bpsPerScore: z.number().min(0).max(1000).default(0.5),
  })
  .prefault({});

const fees = z
  .strictObject({
    tier: z.string().min(1).default('VIP 0'),
    makerBps: bps(10, 1000),
    takerBps: bps(10, 1000),
  })
  .prefault({});

const vol = z
  .strictObject({
    windowMs: windowMs(10_000),
    minBps: bps(0),
    maxBps: bps(10),
  })
  .prefault({});

const refill = z.strictObject({ windowMs: windowMs(1000), maxRatio: z.number().positive().max(1e6).default(2) }).prefault({});

const freshness = z
  .strictObject({
    cooldownSeconds: z.number().min(0).max(86_400).default(30),
    maxLatencyMs: z.number().min(0).max(600_000).default(500),
  })
  .prefault({});

const ioc = z.strictObject({ enabled: z.boolean().default(true), maxBpsThroughTouch: bps(1, 1000) }).prefault({});

const risk = z
  .strictObject({
    maxOrderNotional: amount('1000'),
    maxPositionNotional: amount('1000'),
    maxDailyNotional: amount('10000'),
    maxDailyLoss: amount('50'),
    maxDrawdown: amount('100'),
    maxConsecutiveLosses: count(5, 1, 1_000_000),
    maxRejectRate: z.number().min(0).max(1).default(0.2),
    rejectWindowOrders: count(20, 1, 100_000),
    maxCancelLatencyMs: z.number().min(0).max(600_000).default(2000),
    maxRateLimitWarnings: count(0, 0, 1_000_000),
    rateLimitWindowSeconds: count(60, 1, 86_400),
  })
  .prefault({});

const journal = z.strictObject({ tallyEverySeconds: z.number().int().min(1).max(86_400).default(60) }).prefault({});

/** Order latencies of the simulated exchange (backtest, paper): constant, or lognormal around the value. */
const latency = z
  .strictObject({
    submitMs: z.number().min(0).max(60_000).default(50),
    cancelMs: z.number().min(0).max(60_000).default(50),
    responseMs: z.number().min(0).max(60_000).default(50),
    /** constant: every action takes its value; lognormal: a seeded draw with that median and sigma. */
    distribution: z.enum(['constant', 'lognormal']).default('constant'),
    sigma: z.number().min(0).max(5).default(0.5),
  })
  .prefault({});

/** How the strategy's orders are managed once sent. */
const execution = z
  .strictObject({
    /** A resting LIMIT_MAKER older than this is canceled. */
    makerTtlMs: z.number().int().min(1).max(3_600_000).default(5000),
    /** No new intent while this many of the symbol's orders are open (gate `openOrders`). */
    maxOpenOrders: z.number().int().min(1).max(100).default(1),
  })
  .prefault({});

const assetName = /^[A-Z0-9]{1,20}$/;
const initialBalances = z
  .record(z.string().regex(assetName, 'an asset name (upper-case letters and digits)'), z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount such as "10000"'))
  .default({ USDT: '10000' });

/** Every parameter of one symbol. */
export const strategyParamsSchema = z
  .strictObject({
    product: z.enum(['spot', 'usdm']).default('spot'),
    positionModel: z.enum(['long-flat']).default('long-flat'),
    enabled: z.boolean().default(true),
    orderNotional: amount('100'),
    fees,
    alpha,
    scoreThreshold: z.number().min(-1000).max(1000).default(2),
    safetyMarginBps: bps(1),
    adverseSelectionBps: bps(2),
    latencyMs: z.number().min(0).max(60_000).default(100),
    maxSpreadBps: bps(2),
    warmupSeconds: z.number().min(0).max(86_400).default(300),
    /** Run time between two evaluations of a symbol (an evaluation follows a market event); 0: after every event. */
    evaluateEveryMs: z.number().int().min(0).max(60_000).default(100),
    baseline,
    vol,
    refill,
    freshness,
    ioc,
    risk,
    journal,
    execution,
    latency,
    /** The simulated exchange's queue model (docs/BACKTEST.md). */
    queueModel: z.enum(['risk-averse', 'prob-power', 'prob-log']).default('risk-averse'),
    /** n of prob-power's f(x) = x^n. */
    queuePower: z.number().min(0.1).max(10).default(2),
    /** The seed of the simulated exchange's random draws (lognormal latency): same seed, same fills. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    /** The simulated account at the start (asset → amount); positions start at 0. */
    initialBalances,
    /** The asset fees are charged in: the quote asset, or the base (a base fee reduces the position). */
    feeAsset: z.enum(['quote', 'base']).default('quote'),
    /** Orders submitted while the book is not synced (gap, resync): rejected, or held until it is. */
    gapPolicy: z.enum(['reject', 'hold']).default('reject'),
  })
  .superRefine((p, ctx) => {
    if (p.product === 'usdm') {
      ctx.addIssue({ code: 'custom', path: ['product'], message: 'usdm is not supported yet: its long/short position model is not built (spot, long-flat, only)' });
    }
    if (p.vol.minBps > p.vol.maxBps) ctx.addIssue({ code: 'custom', path: ['vol', 'minBps'], message: `must not be above vol.maxBps (${p.vol.maxBps})` });
  });

export type StrategyParams = z.output<typeof strategyParamsSchema>;

/** The configuration of a run: the parameters of every symbol (top level) and of the symbols named under `symbols`. */
export interface StrategyConfig {
  readonly defaults: StrategyParams;
  /** Resolved parameters of each symbol the file names, by symbol. */
  readonly symbols: Readonly<Record<string, StrategyParams>>;
}

/** The parameters a symbol trades with: its own when the file names it, else the top level's. */
export function strategyParamsFor(config: StrategyConfig, symbol: string): StrategyParams {
  return Object.hasOwn(config.symbols, symbol) ? (config.symbols[symbol] as StrategyParams) : config.defaults;
}

/** The default parameters (every field at its default). */
export const DEFAULT_STRATEGY_PARAMS: StrategyParams = Object.freeze(strategyParamsSchema.parse({}));

/** The default file: every parameter at its default and no per-symbol override, as JSON (two-space indent). */
export function defaultStrategyText(): string {
  return `${JSON.stringify({ ...DEFAULT_STRATEGY_PARAMS, symbols: {} }, null, 2)}\n`;
}

export function isStrategySymbol(text: string): boolean {
  return SYMBOL.test(text);
}

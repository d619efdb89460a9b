// signal/cost: the order a signal would ask for and what it would cost, in bps of the mid. Two candidates:
// a LIMIT_IOC capped `ioc.maxBpsThroughTouch` through the far touch (taker fee + half spread + the impact
// walk of its size over the book's levels up to the cap + adverse selection + latency buffer + safety
// margin), chosen when IOCs are enabled and the expected edge clears that cost; else a LIMIT_MAKER at the
// own touch (maker fee, no half spread, no slippage, the same adverse selection, latency buffer and
// safety margin). Never an unconstrained market order.
//
// Latency buffer = vol × √(latencyMs / vol.windowMs): realizedVolBps is √Σr² over vol.windowMs, so it
// scales with the square root of time, and this is the move expected while an order is on its way.
// Exact where money is: the cap (ticks, rounded to the tick in the safe direction: a buy's down, a
// sell's up) and the quantity (⌊orderNotional / price / lotSize⌋ lots) are exact: integer arithmetic
// (BigInt) on the decimals as scaled integers, decimal.js for a number it cannot read as a plain decimal;
// both give the exact result. bps are floats.

import { Decimal } from 'decimal.js';
import type { StrategyParams } from '../config/index.js';
import { takerFillOnLevels, type TakerFill } from '../features/index.js';
import { COST_PART_NAMES, type CostParts, type DecisionIntent, type Instrument, type Side, type TopOfBookView } from '../model/index.js';

/** Room for every product of ticks, lots and sizes; divisions round down (see orderLots). */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_DOWN });

/** A plain non-negative decimal as units / scale (scale a power of ten); null for any other text ("1e-7", "-1"). */
interface Scaled {
  readonly units: bigint;
  readonly scale: bigint;
}

function scaledOf(text: string): Scaled | null {
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), scale: 1n };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: 10n ** BigInt(text.length - dot - 1) };
}

/** orderLots' constant parts for one notional and instrument: lots = dividend / (ticks × divisor). */
interface LotsDivision {
  readonly dividend: bigint;
  readonly divisor: bigint;
}

/** By instrument (a view's frozen copy), then by notional text; null: a text scaledOf cannot read. */
const lotsDivisions = new WeakMap<Instrument, Map<string, LotsDivision | null>>();

function lotsDivision(notional: string, inst: Instrument): LotsDivision | null {
  let byNotional = lotsDivisions.get(inst);
  if (byNotional === undefined) {
    byNotional = new Map();
    lotsDivisions.set(inst, byNotional);
  }
  let division = byNotional.get(notional);
  if (division === undefined) {
    const n = scaledOf(notional);
    const tick = scaledOf(inst.tickSize);
    const lot = scaledOf(inst.lotSize);
    division =
      n === null || tick === null || lot === null || tick.units === 0n || lot.units === 0n
        ? null
        : { dividend: n.units * tick.scale * lot.scale, divisor: tick.units * lot.units * n.scale };
    byNotional.set(notional, division);
  }
  return division;
}

export type OrderSide = DecisionIntent['side'];

/** Σ of the parts, in COST_PART_NAMES order. */
export function costBpsOf(parts: CostParts): number {
  let sum = 0;
  for (const name of COST_PART_NAMES) sum += parts[name];
  return sum;
}

/** vol × √(latencyMs / volWindowMs), bps. */
export function latencyBufferBps(volBps: number, latencyMs: number, volWindowMs: number): number {
  return volBps * Math.sqrt(latencyMs / volWindowMs);
}

/** The IOC's price cap: the far touch moved `maxBps` through it, rounded to the tick towards the touch. */
export function iocCapTicks(side: OrderSide, top: Pick<TopOfBookView, 'bidTicks' | 'askTicks'>, maxBps: number): number {
  // ticks × (10⁴ ± maxBps) / 10⁴ with maxBps = m / 10^s: ticks × (10⁴·10^s ± m) / (10⁴·10^s), in BigInt
  const bps = scaledOf(String(maxBps));
  const touch = side === 'BUY' ? top.askTicks : top.bidTicks;
  if (bps !== null && Number.isSafeInteger(touch) && touch >= 0 && maxBps < 10_000) {
    const whole = 10_000n * bps.scale;
    const ticks = BigInt(touch);
    if (side === 'BUY') return Number((ticks * (whole + bps.units)) / whole);
    return Math.max(1, Number((ticks * (whole - bps.units) + whole - 1n) / whole));
  }
  const through = new Exact(maxBps);
  if (side === 'BUY') return new Exact(top.askTicks).times(through.plus(10_000)).div(10_000).floor().toNumber();
  return Math.max(1, new Exact(top.bidTicks).times(new Exact(10_000).minus(through)).div(10_000).ceil().toNumber());
}

/**
 * ⌊notional / (priceTicks × tickSize) / lotSize⌋ lots. The denominator is an exact product; the one
 * division rounds down (ROUND_DOWN), so its floor is never above the exact quotient's and, the integer below
 * it being representable, never below it either.
 */
export function orderLots(notional: string, priceTicks: number, inst: Instrument): number {
  if (priceTicks <= 0) return 0;
  const scaled = lotsDivision(notional, inst);
  // notional / (ticks × tickSize × lotSize) = N·10^(sT+sL) / (ticks × T × L × 10^sN): one BigInt division, floored
  if (scaled !== null && Number.isSafeInteger(priceTicks)) return Number(scaled.dividend / (BigInt(priceTicks) * scaled.divisor));
  const denominator = new Exact(priceTicks).times(inst.tickSize).times(inst.lotSize);
  return new Exact(notional).div(denominator).floor().toNumber();
}

/** priceTicks × tickSize × qtyLots × lotSize, quote units, exact, as a plain decimal string. */
export function intentNotional(intent: Pick<DecisionIntent, 'priceTicks' | 'qtyLots'>, inst: Instrument): string {
  return new Exact(intent.priceTicks).times(inst.tickSize).times(intent.qtyLots).times(inst.lotSize).toFixed();
}

export function makerCostParts(params: StrategyParams, latencyBuffer: number): CostParts {
  return {
    fee: params.fees.makerBps,
    halfSpread: 0,
    slippage: 0,
    adverseSelection: params.adverseSelectionBps,
    latencyBuffer,
    safetyMargin: params.safetyMarginBps,
  };
}

export function takerCostParts(params: StrategyParams, spreadBps: number, slippageBps: number, latencyBuffer: number): CostParts {
  return {
    fee: params.fees.takerBps,
    halfSpread: spreadBps / 2,
    slippage: slippageBps,
    adverseSelection: params.adverseSelectionBps,
    latencyBuffer,
    safetyMargin: params.safetyMarginBps,
  };
}

export interface OrderPlanInput {
  readonly side: OrderSide;
  readonly top: TopOfBookView;
  readonly spreadBps: number | null;
  readonly volBps: number | null;
  readonly alphaBps: number | null;
  /** The long-flat position held, lots (a sell sells at most this). */
  readonly inventoryLots: number;
  readonly params: StrategyParams;
  readonly instrument: Instrument;
  /** The book's best `n` levels of a side, flat [ticks, lots, ...] (BookView.top). */
  readonly levels: (side: Side, n: number) => readonly number[];
  /** The exchange's quantity rule in lots (LOT_SIZE stepSize and minQty); absent: every whole lot is valid. */
  readonly sizing?: OrderSizing;
}

/** LOT_SIZE in the book's lots: a quantity is a multiple of stepLots and at least minLots. */
export interface OrderSizing {
  readonly stepLots: number;
  readonly minLots: number;
}

/** `lots` rounded down to the sizing's step; 0 below its minimum. */
export function sizedLots(lots: number, sizing: OrderSizing | undefined): number {
  if (sizing === undefined) return lots;
  const stepped = lots - (lots % sizing.stepLots);
  return stepped < sizing.minLots ? 0 : stepped;
}

export interface OrderPlan {
  readonly intent: DecisionIntent;
  /** Parts of the chosen type's cost; null when it cannot be estimated (no vol). */
  readonly costParts: CostParts | null;
  readonly costBps: number | null;
  /** The IOC's estimated cost, whichever type was chosen; null when IOCs are off or it cannot be estimated. */
  readonly takerCostBps: number | null;
  /** Share of the IOC's quantity the levels up to its cap can fill; null when IOCs are off. */
  readonly fillableFraction: number | null;
}

/** The order and its cost, by the rule in the header. `intent.qtyLots` may be 0 (nothing to trade). */
export function planOrder(input: OrderPlanInput): OrderPlan {
  const { side, top, params, instrument } = input;
  const latencyBuffer = input.volBps === null ? null : latencyBufferBps(input.volBps, params.latencyMs, params.vol.windowMs);
  const lotsAt = (priceTicks: number): number => {
    const lots = orderLots(params.orderNotional, priceTicks, instrument);
    return sizedLots(side === 'SELL' ? Math.max(0, Math.min(lots, input.inventoryLots)) : lots, input.sizing);
  };
  let takerCost: number | null = null;
  let fillableFraction: number | null = null;
  if (params.ioc.enabled) {
    const capTicks = iocCapTicks(side, top, params.ioc.maxBpsThroughTouch);
    const qtyLots = lotsAt(capTicks);
    const fill = walkToCap(input, capTicks, qtyLots);
    fillableFraction = fill.fillableFraction;
    const slippage = fill.slippageVsTouchOverMidBps;
    if (latencyBuffer !== null && input.spreadBps !== null && slippage !== null) {
      const parts = takerCostParts(params, input.spreadBps, slippage, latencyBuffer);
      takerCost = costBpsOf(parts);
      if (input.alphaBps !== null && input.alphaBps > takerCost) {
        return { intent: { type: 'LIMIT_IOC', side, priceTicks: capTicks, qtyLots }, costParts: parts, costBps: takerCost, takerCostBps: takerCost, fillableFraction };
      }
    }
  }
  const priceTicks = side === 'BUY' ? top.bidTicks : top.askTicks;
  const parts = latencyBuffer === null ? null : makerCostParts(params, latencyBuffer);
  return {
    intent: { type: 'LIMIT_MAKER', side, priceTicks, qtyLots: lotsAt(priceTicks) },
    costParts: parts,
    costBps: parts === null ? null : costBpsOf(parts),
    takerCostBps: takerCost,
    fillableFraction,
  };
}

/**
 * The IOC walked over the far side's levels up to its cap, reading more levels while the ones read are
 * all inside the cap and do not fill it.
 */
function walkToCap(input: OrderPlanInput, capTicks: number, qtyLots: number): TakerFill {
  const walkSide: Side = input.side === 'BUY' ? 'ask' : 'bid';
  const midTicks2 = input.top.bidTicks + input.top.askTicks;
  for (let n = 20; ; n *= 4) {
    const levels = input.levels(walkSide, n);
    const fill = takerFillOnLevels(levels, input.side === 'BUY' ? 'buy' : 'sell', qtyLots, capTicks, midTicks2);
    const allRead = levels.length < 2 * n;
    if (fill.unfilledLots === 0 || allRead || fill.levelsConsumed < levels.length / 2 || n >= 20_000) return fill;
  }
}

// sim/order-filters: the exchange filters a simulated order must pass at arrival, as Binance applies them to
// a LIMIT order (model/symbol-rules.ts): PRICE_FILTER, LOT_SIZE, NOTIONAL / MIN_NOTIONAL (spot) or
// MIN_NOTIONAL (USD-M), PERCENT_PRICE_BY_SIDE and PERCENT_PRICE (spot, against the average trade price of
// the rule's avgPriceMins). A zero value disables its rule. Price and quantity must be multiples of tickSize
// and stepSize counted from zero (Binance's filters.md: `price % tickSize == 0`, `quantity % stepSize == 0`;
// older docs counted from minPrice / minQty). The failure is Binance's text,
// "Filter failure: <NAME>". Without rules (null) only whole ticks and lots are checked (the request check).
// USD-M PERCENT_PRICE needs the mark price, which a recording of the spot streams lacks: it is not checked.

import { Decimal } from 'decimal.js';
import { isDisabled, type Instrument, type OrderSide, type QuantityRule, type SymbolRules } from '../model/index.js';

const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

export function filterFailureText(filter: string): string {
  return `Filter failure: ${filter}`;
}

/** The price and quantity of an order as exact decimals. */
function orderValues(inst: Instrument, priceTicks: number, qtyLots: number): { price: Decimal; qty: Decimal } {
  return { price: new Exact(inst.tickSize).times(priceTicks), qty: new Exact(inst.lotSize).times(qtyLots) };
}

function failsStep(value: Decimal, step: string): boolean {
  return !isDisabled(step) && !value.mod(step).isZero();
}

function failsQuantity(rule: QuantityRule, qty: Decimal): boolean {
  if (!isDisabled(rule.minQty) && qty.lt(rule.minQty)) return true;
  if (!isDisabled(rule.maxQty) && qty.gt(rule.maxQty)) return true;
  return failsStep(qty, rule.stepSize);
}

function outside(price: Decimal, average: Decimal, down: string, up: string): boolean {
  return (!isDisabled(up) && price.gt(average.times(up))) || (!isDisabled(down) && price.lt(average.times(down)));
}

/**
 * The filter a LIMIT order breaks, as Binance's reject text, or null when it passes. `averagePrice(mins)`
 * gives the average trade price of the last `mins` minutes (0: the last trade), or null before any trade —
 * then the percent-price rules are not checked (nothing to compare with).
 */
export function orderFilterFailure(
  rules: SymbolRules,
  inst: Instrument,
  side: OrderSide,
  priceTicks: number,
  qtyLots: number,
  averagePrice: (mins: number) => Decimal | null,
): string | null {
  const { price, qty } = orderValues(inst, priceTicks, qtyLots);
  const pf = rules.priceFilter;
  if (pf !== undefined) {
    const low = !isDisabled(pf.minPrice) && price.lt(pf.minPrice);
    const high = !isDisabled(pf.maxPrice) && price.gt(pf.maxPrice);
    if (low || high || failsStep(price, pf.tickSize)) return filterFailureText('PRICE_FILTER');
  }
  if (rules.lotSize !== undefined && failsQuantity(rules.lotSize, qty)) return filterFailureText('LOT_SIZE');
  const notional = price.times(qty);
  if (rules.product === 'spot') {
    const n = rules.notional;
    if (n !== undefined && ((!isDisabled(n.minNotional) && notional.lt(n.minNotional)) || (!isDisabled(n.maxNotional) && notional.gt(n.maxNotional)))) {
      return filterFailureText('NOTIONAL');
    }
    const m = rules.minNotional;
    if (m !== undefined && !isDisabled(m.minNotional) && notional.lt(m.minNotional)) return filterFailureText('MIN_NOTIONAL');
    const bySide = rules.percentPriceBySide;
    if (bySide !== undefined) {
      const average = averagePrice(bySide.avgPriceMins);
      const [down, up] = side === 'buy' ? [bySide.bidMultiplierDown, bySide.bidMultiplierUp] : [bySide.askMultiplierDown, bySide.askMultiplierUp];
      if (average !== null && outside(price, average, down, up)) return filterFailureText('PERCENT_PRICE_BY_SIDE');
    }
    const pp = rules.percentPrice;
    if (pp !== undefined) {
      const average = averagePrice(pp.avgPriceMins);
      if (average !== null && outside(price, average, pp.multiplierDown, pp.multiplierUp)) return filterFailureText('PERCENT_PRICE');
    }
  } else {
    const m = rules.minNotional;
    if (m !== undefined && !isDisabled(m.notional) && notional.lt(m.notional)) return filterFailureText('MIN_NOTIONAL');
  }
  return null;
}

/** The longest average-price window the rules need, minutes; null when no rule needs one. */
export function averagePriceMinutes(rules: SymbolRules | null): number | null {
  if (rules === null || rules.product !== 'spot') return null;
  const mins = [rules.percentPriceBySide?.avgPriceMins, rules.percentPrice?.avgPriceMins].filter((m): m is number => m !== undefined);
  return mins.length === 0 ? null : Math.max(...mins);
}

/**
 * Binance's average price: the volume-weighted price of the trades of the last `mins` minutes (0: the last
 * trade's price), kept exactly (ticks × lots summed as BigInt).
 */
export class AveragePrice {
  private readonly times: number[] = [];
  private readonly ticks: number[] = [];
  private readonly lots: number[] = [];
  private head = 0;

  constructor(
    private readonly inst: Instrument,
    private readonly keepMinutes: number,
  ) {}

  onTrade(timeUs: number, priceTicks: number, qtyLots: number): void {
    this.times.push(timeUs);
    this.ticks.push(priceTicks);
    this.lots.push(qtyLots);
    const oldest = timeUs - this.keepMinutes * 60_000_000;
    while (this.head < this.times.length - 1 && (this.times[this.head] as number) < oldest) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      for (const list of [this.times, this.ticks, this.lots]) list.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The average price at `nowUs` over `mins` minutes; null before any trade (or none in the window). */
  at(nowUs: number, mins: number): Decimal | null {
    const n = this.times.length;
    if (n === this.head) return null;
    const tickSize = new Exact(this.inst.tickSize);
    if (mins === 0) return tickSize.times(this.ticks[n - 1] as number);
    const oldest = nowUs - mins * 60_000_000;
    let sum = 0n;
    let volume = 0n;
    for (let i = n - 1; i >= this.head && (this.times[i] as number) >= oldest; i--) {
      sum += BigInt(this.ticks[i] as number) * BigInt(this.lots[i] as number);
      volume += BigInt(this.lots[i] as number);
    }
    if (volume === 0n) return null;
    return tickSize.times(sum.toString()).div(volume.toString());
  }
}

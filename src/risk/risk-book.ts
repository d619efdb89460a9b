// risk/risk-book: the risk gates of one symbol as values (never exceptions) and the state they need — the
// position ledger, today's traded notional, the equity peak, the losing round trips in a row, the venue's
// health and the operator's switches. The kernel asks `gates(intent, nowUs)` for every intent and feeds
// fills, marks, order outcomes, cancel latencies and rate-limit warnings in; time is always the caller's
// (the run's µs), never a clock. Comparisons are decimal.js; GateResult numbers are for display only.
//
// Gates (RISK_GATE_NAMES order), each {gate, pass, value, limit}:
//   maxOrderNotional   value = this order's notional; passes at ≤ limit.
//   maxPosition        value = position notional at average cost after the order (cost basis + notional for
//                      a BUY); passes at ≤ maxPositionNotional. A SELL passes (it only reduces a long).
//   maxDailyNotional   value = notional filled in the UTC day of nowUs + this order's; passes at ≤ limit.
//   maxDailyLoss       value = today's loss: net P&L (realised + unrealised − fees) at the UTC day's start
//                      minus net P&L now, i.e. −(today's realised + change of unrealised − today's fees);
//                      a day that starts flat gives exactly −(realised + unrealised − fees) of the day.
//   maxDrawdown        value = peak net P&L (from 0) − net P&L now.
//   consecutiveLosses  value = losing round trips in a row (flat → long → flat with realised − every fee
//                      of the trip < 0; a trip ≥ 0 resets the count to 0). One round trip, not one sell fill,
//                      so partial fills of one exit count once.
//   rejectRate         value = rejects among the last rejectWindowOrders outcomes / rejectWindowOrders.
//   cancelLatency      value = the last cancel latency, ms (null before any: passes); passes at ≤ limit.
//   rateLimit          value = rate-limit warnings in (now − rateLimitWindowSeconds, now]; passes at ≤ limit.
//   privateState       value = why the venue's private state cannot be trusted now (a reconciliation mismatch,
//                      a stale user stream, a failed read), "reconciled" when it can, "none" where there is
//                      no private state (the simulator); passes unless a problem is set (setPrivateState).
//   operatorEnabled    value = the operator's switch; limit true.
//   killSwitch         value = the reason it was engaged, or "off"; limit "off".
// Limits on what may be done (notionals, reject rate, latency, warnings) pass AT the limit; stop levels
// (daily loss, drawdown, consecutive losses) trip when the limit is REACHED.
//
// Holds: the kill switch, maxDailyLoss, maxDrawdown and consecutiveLosses trip on the fill or mark that
// reaches them and stay failed — across later good fills and marks, and across a UTC day rollover (a new day
// resets today's notional and loss, not a tripped hold) — until an operator resets them: resetKill(),
// resetLossLimits() (which also re-bases the tripped ones: the day's loss starts again from now, the peak
// is now, the count is 0). Each trip and reset is a RiskGateChange.
//
// Exits: an order that only reduces the long (SELL, long-flat) passes every gate that exists to stop risk
// from growing — maxPosition, maxDailyNotional, maxDailyLoss, maxDrawdown, consecutiveLosses — so a tripped
// loss limit never traps inventory. maxOrderNotional, the venue-health gates (a misbehaving or throttling
// venue is no place for any order), the operator's switch and the kill switch block exits too.
//
// State (restart recovery): exportState() gives every field that fills, marks, outcomes, latencies,
// warnings and the operator change (risk-book-state.ts); restore() sets them back so that every later
// gates(), position(), onFill() and onMark() answers as the book it came from would. The limits are the
// params the book is built with, not state. A corrupt state is a StateError naming the field; nothing changes.

import type { StrategyParams } from '../config/index.js';
import { MONEY_ZERO as ZERO, Money, PositionLedger, displayNumber, money, moneyText, positiveMoney, type GateResult } from '../model/index.js';
import { StateError } from '../core/index.js';
import { readRiskBookState, type RiskBookState } from './risk-book-state.js';
import type { RiskFill, RiskGateChange, RiskGateName, RiskIntent, RiskPosition } from './types.js';
import { RateLimitWindow, RejectWindow } from './venue-health.js';

const DAY_US = 86_400_000_000;

type RiskParams = StrategyParams['risk'];

export interface RiskBookOptions {
  /** The operator's switch at the start (default true). */
  readonly operatorEnabled?: boolean;
}

export class RiskBook {
  readonly symbol: string;
  readonly #params: RiskParams;
  readonly #maxOrderNotional: Money;
  readonly #maxPositionNotional: Money;
  readonly #maxDailyNotional: Money;
  readonly #maxDailyLoss: Money;
  readonly #maxDrawdown: Money;
  readonly #ledger = new PositionLedger('risk');
  readonly #rejects: RejectWindow;
  readonly #rateLimits: RateLimitWindow;

  #day: number | null = null;
  #dailyNotional: Money = ZERO;
  /** Net P&L when the current UTC day started (or when the daily loss was last reset). */
  #dayStartNet: Money = ZERO;
  #peakNet: Money = ZERO;
  #losingTrips = 0;
  #dailyLossHeld = false;
  #drawdownHeld = false;
  #killReason: string | null = null;
  #operatorEnabled: boolean;
  #cancelLatencyMs: number | null = null;
  /** undefined: no private state (the simulator); null: reconciled; a string: the problem. */
  #privateState: string | null | undefined = undefined;

  constructor(symbol: string, params: RiskParams, options: RiskBookOptions = {}) {
    this.symbol = symbol;
    this.#params = params;
    this.#maxOrderNotional = money(params.maxOrderNotional, 'risk: risk.maxOrderNotional');
    this.#maxPositionNotional = money(params.maxPositionNotional, 'risk: risk.maxPositionNotional');
    this.#maxDailyNotional = money(params.maxDailyNotional, 'risk: risk.maxDailyNotional');
    this.#maxDailyLoss = money(params.maxDailyLoss, 'risk: risk.maxDailyLoss');
    this.#maxDrawdown = money(params.maxDrawdown, 'risk: risk.maxDrawdown');
    this.#rejects = new RejectWindow(params.rejectWindowOrders);
    this.#rateLimits = new RateLimitWindow(params.rateLimitWindowSeconds * 1_000_000);
    this.#operatorEnabled = options.operatorEnabled ?? true;
  }

  /** Every risk gate for an intended order now, in RISK_GATE_NAMES order. */
  gates(intent: RiskIntent, nowUs: number): GateResult[] {
    this.#roll(nowUs, 'gates time');
    if (intent.side !== 'BUY' && intent.side !== 'SELL') throw new RangeError(`risk: intent side must be BUY or SELL, got ${JSON.stringify(intent.side)}`);
    const notional = positiveMoney(intent.notional, 'risk: intent notional');
    const qty = positiveMoney(intent.qty, 'risk: intent qty');
    const exit = intent.side === 'SELL';
    const p = this.#params;

    const positionAfter = exit ? this.#ledger.costAfterSell(qty) : this.#ledger.costBasis.plus(notional);
    const dailyAfter = this.#dailyNotional.plus(notional);
    const loss = this.#dailyLoss();
    const drawdown = this.#drawdownNow();
    const rateLimits = this.#rateLimits.countAt(nowUs);
    const rejectRate = this.#rejects.rate;

    return [
      amountGate('maxOrderNotional', notional, this.#maxOrderNotional, notional.lessThanOrEqualTo(this.#maxOrderNotional)),
      amountGate('maxPosition', positionAfter, this.#maxPositionNotional, exit || positionAfter.lessThanOrEqualTo(this.#maxPositionNotional)),
      amountGate('maxDailyNotional', dailyAfter, this.#maxDailyNotional, exit || dailyAfter.lessThanOrEqualTo(this.#maxDailyNotional)),
      amountGate('maxDailyLoss', loss, this.#maxDailyLoss, exit || (!this.#dailyLossHeld && loss.lessThan(this.#maxDailyLoss))),
      amountGate('maxDrawdown', drawdown, this.#maxDrawdown, exit || (!this.#drawdownHeld && drawdown.lessThan(this.#maxDrawdown))),
      { gate: 'consecutiveLosses', pass: exit || this.#losingTrips < p.maxConsecutiveLosses, value: this.#losingTrips, limit: p.maxConsecutiveLosses },
      { gate: 'rejectRate', pass: rejectRate <= p.maxRejectRate, value: rejectRate, limit: p.maxRejectRate },
      {
        gate: 'cancelLatency',
        pass: this.#cancelLatencyMs === null || this.#cancelLatencyMs <= p.maxCancelLatencyMs,
        value: this.#cancelLatencyMs,
        limit: p.maxCancelLatencyMs,
      },
      { gate: 'rateLimit', pass: rateLimits <= p.maxRateLimitWarnings, value: rateLimits, limit: p.maxRateLimitWarnings },
      { gate: 'privateState', pass: typeof this.#privateState !== 'string', value: this.#privateState === undefined ? 'none' : (this.#privateState ?? 'reconciled'), limit: 'reconciled' },
      { gate: 'operatorEnabled', pass: this.#operatorEnabled, value: this.#operatorEnabled, limit: true },
      { gate: 'killSwitch', pass: this.#killReason === null, value: this.#killReason ?? 'off', limit: 'off' },
    ];
  }

  /** A fill of our order: position, P&L, fees, today's notional, peak, round trips; the holds it trips. */
  onFill(fill: RiskFill): RiskGateChange[] {
    this.#roll(fill.timeUs, 'fill time');
    const effect = this.#ledger.applyFill(fill);
    this.#dailyNotional = this.#dailyNotional.plus(new Money(fill.price).times(fill.qty));
    const changes: RiskGateChange[] = [];
    if (effect.roundTripNet !== null) {
      const wasTripped = this.#losingTrips >= this.#params.maxConsecutiveLosses;
      if (effect.roundTripNet.isNegative() && !effect.roundTripNet.isZero()) {
        this.#losingTrips += 1;
        if (!wasTripped && this.#losingTrips >= this.#params.maxConsecutiveLosses) {
          changes.push({
            gate: 'consecutiveLosses',
            tripped: true,
            reason: `${this.#losingTrips} losing round trips in a row reached the limit ${this.#params.maxConsecutiveLosses}`,
          });
        }
      } else {
        this.#losingTrips = 0;
        if (wasTripped) changes.push({ gate: 'consecutiveLosses', tripped: false, reason: `a round trip made ${moneyText(effect.roundTripNet)} net of fees` });
      }
    }
    return [...this.#checkLossHolds(), ...changes];
  }

  /** The mid to value the position at (timeUs, when given, rolls the UTC day first); the holds it trips. */
  onMark(midPrice: string, timeUs?: number): RiskGateChange[] {
    if (timeUs !== undefined) this.#roll(timeUs, 'mark time');
    this.#ledger.mark(midPrice);
    return this.#checkLossHolds();
  }

  /** An order was accepted (false) or rejected (true) by the venue. */
  onOrderOutcome(rejected: boolean, timeUs: number): void {
    this.#roll(timeUs, 'order outcome time');
    this.#rejects.record(rejected);
  }

  /** The latency of the last cancel, ms: the cancelLatency gate judges the last one. */
  onCancelLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`risk: cancel latency must be a finite number of ms ≥ 0, got ${ms}`);
    this.#cancelLatencyMs = ms;
  }

  /** The venue warned that a rate limit is near (or hit). */
  onRateLimitWarning(timeUs: number): void {
    this.#roll(timeUs, 'rate-limit warning time');
    this.#rateLimits.record(timeUs);
  }

  /**
   * The venue's private state: null when reconciled, else the problem (one line) — every order waits while
   * one is set. Not saved: each session sets it from its own reads.
   */
  setPrivateState(problem: string | null): RiskGateChange[] {
    const wasProblem = typeof this.#privateState === 'string';
    this.#privateState = problem;
    // a change of the problem's words while one holds is not a trip
    if (wasProblem === (problem !== null)) return [];
    return [{ gate: 'privateState', tripped: problem !== null, reason: problem ?? 'reconciled' }];
  }

  /** Stop every order until resetKill(); a second engage keeps the first reason (and changes nothing). */
  engageKill(reason: string): RiskGateChange[] {
    if (this.#killReason !== null) return [];
    this.#killReason = reason === '' ? 'engaged' : reason;
    return [{ gate: 'killSwitch', tripped: true, reason: this.#killReason }];
  }

  resetKill(): RiskGateChange[] {
    if (this.#killReason === null) return [];
    this.#killReason = null;
    return [{ gate: 'killSwitch', tripped: false, reason: 'operator reset' }];
  }

  /** The operator resets the tripped loss holds (daily loss, drawdown, consecutive losses), re-basing each. */
  resetLossLimits(): RiskGateChange[] {
    const changes: RiskGateChange[] = [];
    const net = this.#ledger.netPnl;
    if (this.#dailyLossHeld) {
      this.#dailyLossHeld = false;
      this.#dayStartNet = net;
      changes.push({ gate: 'maxDailyLoss', tripped: false, reason: 'operator reset: the day’s loss counts from now' });
    }
    if (this.#drawdownHeld) {
      this.#drawdownHeld = false;
      this.#peakNet = net;
      changes.push({ gate: 'maxDrawdown', tripped: false, reason: 'operator reset: the peak is now' });
    }
    if (this.#losingTrips >= this.#params.maxConsecutiveLosses) {
      this.#losingTrips = 0;
      changes.push({ gate: 'consecutiveLosses', tripped: false, reason: 'operator reset: the count is 0' });
    }
    return changes;
  }

  /** Forget the reject window (an operator's decision after a venue problem is understood). */
  resetRejectRate(): void {
    this.#rejects.clear();
  }

  setOperatorEnabled(on: boolean): void {
    this.#operatorEnabled = on;
  }

  get killSwitchEngaged(): boolean {
    return this.#killReason !== null;
  }

  position(): RiskPosition {
    const l = this.#ledger;
    const avg = l.avgEntry;
    return {
      qty: moneyText(l.qty),
      avgEntry: avg === null ? null : moneyText(avg),
      realizedPnl: moneyText(l.realized),
      unrealizedPnl: moneyText(l.unrealized),
      fees: moneyText(l.fees),
      netPnl: moneyText(l.netPnl),
      dailyNotional: moneyText(this.#dailyNotional),
    };
  }

  /** position().qty alone (the strategy reads it at every evaluation; the rest of position() costs divisions). */
  positionQty(): string {
    return moneyText(this.#ledger.qty);
  }

  /** Every field of the book's state, JSON-able (money as decimal strings). */
  exportState(): RiskBookState {
    return {
      symbol: this.symbol,
      ledger: this.#ledger.exportState(),
      day: this.#day,
      dailyNotional: moneyText(this.#dailyNotional),
      dayStartNet: moneyText(this.#dayStartNet),
      peakNet: moneyText(this.#peakNet),
      losingTrips: this.#losingTrips,
      dailyLossHeld: this.#dailyLossHeld,
      drawdownHeld: this.#drawdownHeld,
      killReason: this.#killReason,
      operatorEnabled: this.#operatorEnabled,
      cancelLatencyMs: this.#cancelLatencyMs,
      outcomes: this.#rejects.outcomes(),
      rateLimitWarningsUs: this.#rateLimits.times(),
    };
  }

  /** Sets the state exportState() gave (read and checked whole first: a StateError changes nothing). */
  restore(state: RiskBookState): void {
    const owner = `risk ${this.symbol}`;
    const s = readRiskBookState(owner, state);
    if (s.symbol !== this.symbol) throw new StateError(`${owner} state: field symbol is ${JSON.stringify(s.symbol)}, this book trades ${this.symbol}`, 'symbol');
    this.#ledger.restore(s.ledger);
    this.#day = s.day;
    this.#dailyNotional = new Money(s.dailyNotional);
    this.#dayStartNet = new Money(s.dayStartNet);
    this.#peakNet = new Money(s.peakNet);
    this.#losingTrips = s.losingTrips;
    this.#dailyLossHeld = s.dailyLossHeld;
    this.#drawdownHeld = s.drawdownHeld;
    this.#killReason = s.killReason;
    this.#operatorEnabled = s.operatorEnabled;
    this.#cancelLatencyMs = s.cancelLatencyMs;
    this.#rejects.restore(s.outcomes);
    this.#rateLimits.restore(s.rateLimitWarningsUs);
  }

  #dailyLoss(): Money {
    return this.#dayStartNet.minus(this.#ledger.netPnl);
  }

  #drawdownNow(): Money {
    return this.#peakNet.minus(this.#ledger.netPnl);
  }

  /** After a fill or mark: a new peak, and the loss holds the new P&L trips. */
  #checkLossHolds(): RiskGateChange[] {
    const net = this.#ledger.netPnl;
    if (net.greaterThan(this.#peakNet)) this.#peakNet = net;
    const changes: RiskGateChange[] = [];
    const loss = this.#dailyLoss();
    if (!this.#dailyLossHeld && loss.greaterThanOrEqualTo(this.#maxDailyLoss)) {
      this.#dailyLossHeld = true;
      changes.push({ gate: 'maxDailyLoss', tripped: true, reason: `daily loss ${moneyText(loss)} reached the limit ${moneyText(this.#maxDailyLoss)}` });
    }
    const drawdown = this.#drawdownNow();
    if (!this.#drawdownHeld && drawdown.greaterThanOrEqualTo(this.#maxDrawdown)) {
      this.#drawdownHeld = true;
      changes.push({ gate: 'maxDrawdown', tripped: true, reason: `drawdown ${moneyText(drawdown)} reached the limit ${moneyText(this.#maxDrawdown)}` });
    }
    return changes;
  }

  /** A new UTC day: today's notional starts at 0 and today's loss from the net P&L now. Holds stay. */
  #roll(timeUs: number, what: string): void {
    if (!Number.isSafeInteger(timeUs)) throw new RangeError(`risk: ${what} must be an integer number of µs, got ${timeUs}`);
    const day = Math.floor(timeUs / DAY_US);
    if (this.#day === null) {
      this.#day = day;
    } else if (day > this.#day) {
      this.#day = day;
      this.#dailyNotional = ZERO;
      this.#dayStartNet = this.#ledger.netPnl;
    }
  }
}

function amountGate(gate: RiskGateName, value: Money, limit: Money, pass: boolean): GateResult {
  return { gate, pass, value: displayNumber(value), limit: displayNumber(limit) };
}

// signal/engine: the per-symbol signal. It reads one symbol's MarketView at the run's time (an injected
// Clock; never the wall clock), keeps the rolling z-baseline of the seven score inputs (sample(), on the
// runner's timer), and on evaluate() scores both sides, takes the side with the higher score (ties: BUY),
// estimates the edge (baseline: alpha.bpsPerScore × score; a model file: its prediction from the
// `flowdesk features` row, negated for a sell) and the order's cost (cost.ts), and runs the signal gates
// (gates.ts). The verdict carries an order intent only when every signal gate passes. Risk gates, the
// journal and the action are the kernel's strategy runner's. Deterministic: same inputs, same verdict.

import type { StrategyParams } from '../config/index.js';
import { FlowdeskError, type Clock } from '../core/index.js';
import type { Decision, MarketView } from '../model/index.js';
import { predictModel, type ModelFile } from '../research/index.js';
import { intentNotional, planOrder, type OrderPlan, type OrderSide, type OrderSizing } from './cost.js';
import { signalGates } from './gates.js';
import { BASELINE_TERMS, DIRECTIONAL_TERMS, readMarket, type BaselineTerm, type MarketReading } from './inputs.js';
import { RollingBaseline } from './rolling-baseline.js';

/** A signal's evaluation: the Decision's signal half, with the side evaluated and the intent's notional. */
export interface SignalVerdict extends Pick<Decision, 'score' | 'alphaBps' | 'costBps' | 'costParts' | 'gates' | 'features' | 'intent'> {
  /** The candidate side evaluated; gates are oriented to it. */
  readonly side: OrderSide;
  /** price × qty of the intent, quote units, exact decimal text; null without an intent. */
  readonly intentNotional: string | null;
}

/** A signal that cannot run as configured (a model whose inputs the run does not compute). */
export class SignalSetupError extends FlowdeskError {}

const Z_NAMES: Readonly<Record<BaselineTerm, string>> = {
  tfi: 'zTfi',
  ofi: 'zOfi',
  mlofi: 'zMlofi',
  microprice: 'zMicroprice',
  depletion: 'zDepletion',
  spread: 'zSpread',
  vol: 'zVol',
};

export class SignalEngine {
  private readonly baseline: RollingBaseline;
  private readonly sampleScratch = new Array<number>(BASELINE_TERMS.length).fill(0);

  /**
   * `model`: the parsed model file alpha.source names, or null for the baseline. Throws SignalSetupError
   * when a model's interval is not a window of the view's feature engine or a feature of it is not a column
   * of the features row.
   */
  constructor(
    private readonly view: MarketView,
    private readonly params: StrategyParams,
    private readonly model: ModelFile | null,
    private readonly clock: Clock,
    /** The exchange's LOT_SIZE in lots when known: intents are sized to it. */
    private readonly sizing?: OrderSizing,
  ) {
    const b = params.baseline;
    const windowUs = b.zWindowSeconds * 1_000_000;
    this.baseline = new RollingBaseline(BASELINE_TERMS.length, windowUs, Math.ceil((b.zWindowSeconds * 1000) / b.zSampleMs) + 1, b.zClamp);
    if (model !== null) checkModel(view, model);
  }

  /** Samples held by the z-baseline. */
  get samples(): number {
    return this.baseline.count;
  }

  /**
   * One z-baseline sample of the seven inputs now; none when an input is unknown (no synced top of book,
   * no feature engine), so the baseline holds only the market as it was.
   */
  sample(): void {
    const reading = readMarket(this.view, this.params);
    for (let j = 0; j < BASELINE_TERMS.length; j++) {
      const v = reading.terms[BASELINE_TERMS[j] as BaselineTerm];
      if (v === null) return;
      this.sampleScratch[j] = v;
    }
    this.baseline.add(this.clock.nowUs(), this.sampleScratch);
  }

  /** The verdict now, for a long-flat position of `inventoryLots`. */
  evaluate(inventoryLots: number): SignalVerdict {
    const nowUs = this.clock.nowUs();
    const { params, view } = this;
    const reading = readMarket(view, params);
    const { buy, sell, z } = this.scores(reading);
    const side: OrderSide = buy !== null && sell !== null && sell > buy ? 'SELL' : 'BUY';
    const sign = side === 'BUY' ? 1 : -1;
    const score = side === 'BUY' ? buy : sell;
    const prediction = this.model === null ? null : this.predict();
    const alphaBps = this.model === null ? (score === null ? null : params.alpha.bpsPerScore * score) : prediction === null ? null : sign * prediction;
    const terms = reading.terms;
    const plan: OrderPlan | null =
      reading.top === null
        ? null
        : planOrder({
            side,
            top: reading.top,
            spreadBps: terms.spread,
            volBps: terms.vol,
            alphaBps,
            inventoryLots,
            params,
            instrument: view.book.instrument,
            levels: view.book.top,
            ...(this.sizing === undefined ? {} : { sizing: this.sizing }),
          });
    const synced = view.book.syncedSinceUs();
    const first = this.baseline.firstSampleUs;
    const oriented = (v: number | null): number | null => (v === null ? null : v === 0 ? 0 : sign * v);
    const gates = signalGates(
      {
        warmupSeconds: first === null ? null : (nowUs - first) / 1_000_000,
        samples: this.baseline.count,
        synced: view.book.healthy(),
        stale: view.book.stale(),
        syncedSeconds: synced === null ? null : (nowUs - synced) / 1_000_000,
        tickerAgreement: view.book.tickerAgreement(),
        latencyMs: view.book.latencyMs(),
        spreadBps: terms.spread,
        volBps: terms.vol,
        score,
        tfi: oriented(terms.tfi),
        ofi: oriented(terms.ofi),
        micropriceEdgeBps: oriented(terms.microprice),
        refillRatio: side === 'BUY' ? reading.askRefillRatio : reading.bidRefillRatio,
        alphaBps,
        costBps: plan?.costBps ?? null,
        orderLots: plan?.intent.qtyLots ?? null,
      },
      {
        warmupSeconds: params.warmupSeconds,
        cooldownSeconds: params.freshness.cooldownSeconds,
        maxLatencyMs: params.freshness.maxLatencyMs,
        maxSpreadBps: params.maxSpreadBps,
        volMinBps: params.vol.minBps,
        volMaxBps: params.vol.maxBps,
        scoreThreshold: params.scoreThreshold,
        maxRefillRatio: params.refill.maxRatio,
      },
    );
    const intent = plan !== null && gates.every((g) => g.pass) ? Object.freeze({ ...plan.intent }) : null;
    const features: Record<string, number | null> = {
      mid: reading.midTicks2 === null ? null : (reading.midTicks2 / 2) * Number(view.book.instrument.tickSize),
      tfi: terms.tfi,
      ofi: terms.ofi,
      mlofi: terms.mlofi,
      micropriceEdgeBps: terms.microprice,
      depletion: terms.depletion,
      spreadBps: terms.spread,
      volBps: terms.vol,
      askRefillRatio: reading.askRefillRatio,
      bidRefillRatio: reading.bidRefillRatio,
      ...z,
      buyScore: buy,
      sellScore: sell,
      samples: this.baseline.count,
      latencyMs: view.book.latencyMs(),
      takerCostBps: plan?.takerCostBps ?? null,
      fillableFraction: plan?.fillableFraction ?? null,
    };
    if (this.model !== null) features.prediction = prediction;
    return Object.freeze({
      side,
      score,
      alphaBps,
      costBps: plan?.costBps ?? null,
      costParts: plan?.costParts == null ? null : Object.freeze({ ...plan.costParts }),
      gates: Object.freeze(gates.map((g) => Object.freeze(g))),
      features: Object.freeze(features),
      intent,
      intentNotional: intent === null ? null : intentNotional(intent, view.book.instrument),
    });
  }

  /** Both sides' scores (null while an input is unknown or the baseline holds fewer than 2 samples) and each term's z. */
  private scores(reading: MarketReading): { buy: number | null; sell: number | null; z: Record<string, number | null> } {
    const w = this.params.baseline.weights;
    const z: Record<string, number | null> = {};
    let buy: number | null = this.baseline.count >= 2 ? 0 : null;
    let sell = buy;
    for (let j = 0; j < BASELINE_TERMS.length; j++) {
      const term = BASELINE_TERMS[j] as BaselineTerm;
      const x = reading.terms[term];
      const zj = x === null || this.baseline.count < 2 ? null : this.baseline.z(j, x);
      z[Z_NAMES[term]] = zj;
      if (zj === null || buy === null || sell === null) {
        buy = null;
        sell = null;
        continue;
      }
      buy += w[term] * zj;
      sell += (DIRECTIONAL_TERMS.has(term) ? -w[term] : w[term]) * zj;
    }
    return { buy, sell, z };
  }

  private predict(): number | null {
    const model = this.model as ModelFile;
    const row = this.view.features?.row(model.intervalMs) ?? null;
    if (row === null) return null;
    const prediction = predictModel(model, row);
    return prediction !== null && Number.isFinite(prediction) ? prediction : null;
  }
}

function checkModel(view: MarketView, model: ModelFile): void {
  const where = `${view.symbol}: model file (${model.symbol}, ${model.horizonMs} ms horizon)`;
  if (view.features === null) throw new SignalSetupError(`${where}: no feature engine runs for the symbol, so the model has no inputs`);
  const columns = view.features.rowColumns(model.intervalMs);
  if (columns === null) throw new SignalSetupError(`${where}: its interval ${model.intervalMs} ms is not a window of the run's feature engine`);
  const missing = model.features.map((f) => f.name).filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new SignalSetupError(`${where}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a column of the features row`);
}

// features/detectors/wall: liquidity walls. A level within the top N of a side whose size exceeds
// ratio × the median size of the top N levels of both sides, holding above that threshold at its price for
// more than `wallPersistMs`. Evaluated on every book change (O(N log N): two top(N) reads and a median);
// confirmation is checked on every event against the state the book held until then (O(walls), and O(1)
// while no episode is due).
// One emission per (side, price) episode; the episode ends when the level falls below the threshold or
// leaves the top N. Emitted at confirmation: endUs = the confirming event's receive time.

import type { Side } from '../../model/index.js';
import { fmt, type DetectorOptions, type Formatter, type LevelView, type Report } from './types.js';

interface WallEpisode {
  readonly startUs: number;
  lots: number;
  median: number;
  rank: number;
  emitted: boolean;
  stamp: number;
}

export class WallDetector {
  private readonly bids = new Map<number, WallEpisode>();
  private readonly asks = new Map<number, WallEpisode>();
  private stamp = 0;
  /** Earliest start of an episode not yet emitted, per side (Infinity: none): confirm() has nothing to do before. */
  private readonly pendingSinceUs = { bid: Infinity, ask: Infinity };

  constructor(
    private readonly options: DetectorOptions,
    private readonly report: Report,
    private readonly format: Formatter,
  ) {}

  /** Confirms walls that have held for longer than the persistence time before `nowUs`. */
  onTime(nowUs: number): void {
    const persistUs = this.options.wallPersistMs * 1000;
    if (nowUs - this.pendingSinceUs.bid > persistUs) this.confirm('bid', this.bids, nowUs);
    if (nowUs - this.pendingSinceUs.ask > persistUs) this.confirm('ask', this.asks, nowUs);
  }

  /** The book changed at `nowUs`: start, update or end episodes. */
  onBook(nowUs: number, view: LevelView): void {
    this.stamp++;
    this.scan('bid', this.bids, view.bids, view.median, nowUs);
    this.scan('ask', this.asks, view.asks, view.median, nowUs);
  }

  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.pendingSinceUs.bid = Infinity;
    this.pendingSinceUs.ask = Infinity;
  }

  private scan(side: Side, episodes: Map<number, WallEpisode>, levels: readonly number[], median: number, nowUs: number): void {
    const threshold = this.options.wallRatio * median;
    if (median > 0) {
      for (let i = 0; i < levels.length; i += 2) {
        const lots = levels[i + 1] as number;
        if (lots <= threshold) continue;
        const ticks = levels[i] as number;
        let episode = episodes.get(ticks);
        if (episode === undefined) {
          episode = { startUs: nowUs, lots, median, rank: (i >> 1) + 1, emitted: false, stamp: this.stamp };
          episodes.set(ticks, episode);
        }
        episode.lots = lots;
        episode.median = median;
        episode.rank = (i >> 1) + 1;
        episode.stamp = this.stamp;
      }
    }
    let pendingSince = Infinity;
    for (const [ticks, episode] of episodes) {
      if (episode.stamp !== this.stamp) episodes.delete(ticks);
      else if (!episode.emitted && episode.startUs < pendingSince) pendingSince = episode.startUs;
    }
    this.pendingSinceUs[side] = pendingSince;
  }

  private confirm(side: Side, episodes: Map<number, WallEpisode>, nowUs: number): void {
    const persistUs = this.options.wallPersistMs * 1000;
    let pendingSince = Infinity;
    for (const [ticks, e] of episodes) {
      if (e.emitted) continue;
      if (nowUs - e.startUs <= persistUs) {
        if (e.startUs < pendingSince) pendingSince = e.startUs;
        continue;
      }
      e.emitted = true;
      const strength = e.lots / e.median;
      const f = this.format;
      this.report(
        'wall',
        side,
        ticks,
        e.startUs,
        nowUs,
        strength,
        `${side} wall ${f.qty(e.lots)} at ${f.price(ticks)} (rank ${e.rank}) = ${fmt(strength)}× the top-${this.options.wallLevels} median ${f.qty(Math.round(e.median))}, held ${Math.round((nowUs - e.startUs) / 1000)} ms`,
      );
    }
    this.pendingSinceUs[side] = pendingSince;
  }
}

// core/random: a small seeded PRNG (mulberry32). Engine code that needs randomness (retry jitter, later
// simulations) takes one of these, so a run can be repeated from its seed. Its whole state is one 32-bit
// number: state() and setState() let a saved run continue the same sequence after a restart.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
}

/** A Random whose state can be saved and set again: the same state gives the same draws from there on. */
export interface SeededRandom extends Random {
  /** The generator's state, a whole number in [0, 2^32). */
  state(): number;
  setState(state: number): void;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => state,
    setState(next: number): void {
      if (!Number.isSafeInteger(next) || next < 0 || next >= 2 ** 32) throw new RangeError(`a random state must be a whole number in [0, 2^32), got ${next}`);
      state = next;
    },
  };
}

/** True for a Random whose state can be saved (seededRandom's). */
export function isSeededRandom(random: Random): random is SeededRandom {
  const r = random as Partial<SeededRandom>;
  return typeof r.state === 'function' && typeof r.setState === 'function';
}

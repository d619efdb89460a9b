// Every fast-check property runs from one fixed seed, so CI on a loaded machine runs the same cases as a
// laptop: a property that fails does so every time, with its counterexample. FC_SEED=<n> runs the suite
// from another seed (to explore; a failure found that way becomes a test of its own).
import fc from 'fast-check';

const seed = Number(process.env['FC_SEED'] ?? 20261206);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${String(process.env['FC_SEED'])}`);
fc.configureGlobal({ seed });

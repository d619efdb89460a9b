// kernel/features: attaches a FeatureEngine to every symbol engine of a pipeline, feeding it each market
// event before and after its book applies it.

import { DEFAULT_FEATURE_OPTIONS, FeatureEngine, type FeatureEngineOptions } from '../features/index.js';
import type { Pipeline } from './pipeline.js';
import type { SymbolEngine } from './symbol-engine.js';

export function attachFeatureEngines(pipeline: Pipeline, options: FeatureEngineOptions = DEFAULT_FEATURE_OPTIONS): Map<SymbolEngine, FeatureEngine> {
  const features = new Map<SymbolEngine, FeatureEngine>();
  const of = (engine: SymbolEngine): FeatureEngine => {
    let fe = features.get(engine);
    if (fe === undefined) {
      fe = new FeatureEngine(engine.instrument, engine.sync, engine.bbo, options);
      features.set(engine, fe);
    }
    return fe;
  };
  for (const engine of pipeline.allEngines()) of(engine);
  pipeline.onBeforeEvent((event, engine) => {
    if (engine !== null && event.kind !== 'notice' && event.kind !== 'connection') of(engine).beforeEvent(event);
  });
  pipeline.onEvent((event, engine) => {
    if (engine !== null && event.kind !== 'notice' && event.kind !== 'connection') of(engine).afterEvent(event);
  });
  return features;
}

// kernel/features: attaches a FeatureEngine (or the Detectors) to every symbol engine of a pipeline,
// feeding it each market event before and after its book applies it.

import {
  DEFAULT_DETECTOR_OPTIONS,
  DEFAULT_FEATURE_OPTIONS,
  Detectors,
  FeatureEngine,
  type DetectionSink,
  type DetectorOptions,
  type FeatureEngineOptions,
} from '../features/index.js';
import type { Pipeline } from './pipeline.js';
import type { SymbolEngine } from './symbol-engine.js';

export function attachFeatureEngines(pipeline: Pipeline, options: FeatureEngineOptions = DEFAULT_FEATURE_OPTIONS): Map<SymbolEngine, FeatureEngine> {
  return attach(pipeline, (engine) => new FeatureEngine(engine.instrument, engine.sync, engine.bbo, options));
}

interface PerEventConsumer {
  beforeEvent(event: Parameters<FeatureEngine['beforeEvent']>[0]): void;
  afterEvent(event: Parameters<FeatureEngine['afterEvent']>[0]): void;
}

function attach<T extends PerEventConsumer>(pipeline: Pipeline, create: (engine: SymbolEngine) => T): Map<SymbolEngine, T> {
  const all = new Map<SymbolEngine, T>();
  const of = (engine: SymbolEngine): T => {
    let consumer = all.get(engine);
    if (consumer === undefined) {
      consumer = create(engine);
      all.set(engine, consumer);
    }
    return consumer;
  };
  for (const engine of pipeline.allEngines()) of(engine);
  pipeline.onBeforeEvent((event, engine) => {
    if (engine !== null && event.kind !== 'notice' && event.kind !== 'connection') of(engine).beforeEvent(event);
  });
  pipeline.onEvent((event, engine) => {
    if (engine !== null && event.kind !== 'notice' && event.kind !== 'connection') of(engine).afterEvent(event);
  });
  return all;
}

/** Runs the microstructure detectors on every symbol; call flush() on each at the end of the data. */
export function attachDetectors(pipeline: Pipeline, emit: DetectionSink, options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Map<SymbolEngine, Detectors> {
  return attach(pipeline, (engine) => new Detectors(engine.instrument, engine.sync, engine.bbo, options, emit));
}

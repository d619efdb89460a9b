// features/detectors: microstructure detections (walls, sweeps, absorption, layering, icebergs, liquidity
// exhaustion) as event values, one per episode. See docs/FEATURES.md, "Microstructure detections".
export { Detectors } from './detectors.js';
export {
  DEFAULT_DETECTOR_OPTIONS,
  DESK_DETECTOR_OPTIONS,
  DETECTOR_KINDS,
  type Detection,
  type DetectionSink,
  type DetectorKind,
  type DetectorOptions,
} from './types.js';

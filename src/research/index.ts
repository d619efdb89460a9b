// research: the numerics of the research commands (OFI tables, walk-forward fits, model files) —
// small dense regression and the statistics they report. Pure functions over floats; no I/O, no clock.
export { SingularMatrixError, choleskySolve, fitLasso, fitRidge, lassoLambdaMax, predict, type Design, type LinearFit } from './linear.js';
export { correlation, mean, quantile, rSquared, sampleSd, simpleRegression, type SimpleRegression } from './stats.js';
export {
  MIN_REGRESSION_INTERVALS,
  depthImpact,
  mlofiFit,
  ofiFit,
  ofiTable,
  type DepthImpact,
  type OfiFit,
  type OfiSample,
  type OfiTable,
  type OfiTableOptions,
  type OfiWindow,
  type R2Fit,
  type WindowMeans,
} from './ofi-table.js';
export { gramOf, lassoFromGram, lassoLambdaMaxFromGram, ridgeFromGram, type Gram } from './gram.js';
export { learnScaling, scaledRows, scoreRow, standardise, type FeatureScaling, type RowRange, type ScoredFeature } from './scaling.js';
export { predictionMetrics, type PredictionMetrics } from './prediction-metrics.js';
export { gridSamples, rowsBetween, type Dataset, type DroppedPoints, type GridSeries } from './grid-samples.js';
export {
  FitInputError,
  LAMBDA_COUNT,
  MIN_INNER_ROWS_PER_COEFFICIENT,
  MIN_ROWS_PER_COEFFICIENT,
  MIN_VALIDATION_ROWS,
  MODEL_KINDS,
  VALIDATION_SHARE,
  chooseLambda,
  fitFold,
  lassoLambdas,
  predictRows,
  ridgeLambdas,
  runWalkForward,
  walkForwardFolds,
  type Fold,
  type FoldFit,
  type FoldResult,
  type FoldSpec,
  type LambdaChoice,
  type ModelKind,
  type WalkForwardOptions,
  type WalkForwardResult,
} from './walk-forward.js';
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  ModelFileError,
  assertFinite,
  modelFileOf,
  modelFileText,
  parseModelFile,
  predictModel,
  type FitRun,
  type ModelFeature,
  type ModelFile,
  type ModelTestMetrics,
  type ModelWalkForwardMetrics,
} from './model-file.js';

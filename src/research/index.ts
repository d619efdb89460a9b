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

// Public API of the configuration module: environment variables (schema.ts, load.ts) and command-line
// options (options.ts, command-line.ts). Owns nothing itself; must never re-export internals by wildcard.
export { ConfigError, isConfigError } from './errors.js';
export { loadConfig, secretValues, type Config, type LoadConfigOptions } from './load.js';
export {
  DEFAULT_ENDPOINTS,
  ACCEPTED,
  ENV_VARIABLES,
  EXECUTION_MODES,
  LIVE_MAX_ORDER_NOTIONAL_DEFAULT,
  LOG_LEVELS,
  SECRET_VARIABLES,
  envSchema,
  type EnvVariable,
  type ExecutionMode,
  type LogLevel,
  type ParsedEnv,
} from './schema.js';
export { ApiCredentials } from './credentials.js';
export {
  binanceVenueOfUrl,
  executionVenueFor,
  keyVariablesOf,
  type ExecutionAccess,
  type ExecutionFlags,
  type ExecutionRoute,
  type ExecutionVenueName,
  type PrivateExecutionMode,
} from './execution.js';
export {
  InvalidOptionValue,
  choice,
  decimal,
  flag,
  integer,
  number,
  orList,
  parsed,
  repeated,
  required,
  text,
  valueOptional,
  type OptionDef,
  type OptionKind,
  type OptionRange,
  type OptionSet,
  type OptionValues,
} from './options.js';
export {
  commandSchema,
  optionsHelp,
  parseCommandLine,
  usageLine,
  type CommandLine,
  type CommandLineSpec,
  type Operands,
} from './command-line.js';
export {
  DEFAULT_STRATEGY_PARAMS,
  STRATEGY_MLOFI_LEVELS,
  STRATEGY_WINDOWS_MS,
  defaultStrategyText,
  isStrategySymbol,
  strategyParamsFor,
  strategyParamsSchema,
  type StrategyConfig,
  type StrategyParams,
} from './strategy.js';
export { STRATEGY_PATHS, parseStrategySetting, resolveStrategy, type StrategySetting } from './strategy-document.js';

// Public API of the configuration module. Owns nothing itself; must never re-export internals by wildcard.
export { ConfigError, isConfigError } from './errors.js';
export { loadConfig, secretValues, type Config, type LoadConfigOptions } from './load.js';
export {
  DEFAULT_ENDPOINTS,
  ACCEPTED,
  ENV_VARIABLES,
  LOG_LEVELS,
  SECRET_VARIABLES,
  envSchema,
  type EnvVariable,
  type LogLevel,
  type ParsedEnv,
} from './schema.js';

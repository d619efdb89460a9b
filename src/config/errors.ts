// ConfigError: the one error type configuration loading throws (bad variable values, unreadable .env file).
// Owns the error shape only; it must never carry or echo a secret value (callers build the message).

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The first bad variable's name, or null when the problem is not a variable (e.g. a missing env file). */
  readonly variable: string | null;
  /** Every bad variable's name, in schema order (empty when the problem is not a variable). */
  readonly variables: readonly string[];

  constructor(message: string, variables: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.variables = Object.freeze([...variables]);
    this.variable = variables[0] ?? null;
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError;
}

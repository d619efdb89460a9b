// core/errors: the one error base class of flowdesk and its precise subclasses.
// Expected outcomes (a gap, a rejected snapshot) are values, not errors; these are for broken input and
// broken invariants. Messages are one line, meant to be shown to a user as they are.

export class FlowdeskError extends Error {
  override readonly name: string = 'FlowdeskError';
}

/** Input that cannot be read: a missing, empty, unreadable or malformed file, or an unknown format. */
export class InputError extends FlowdeskError {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

/** A value that cannot be represented exactly in an instrument's integer units (ticks / lots). */
export class UnitError extends FlowdeskError {
  override readonly name = 'UnitError';
}

/** A command-line usage mistake (unknown flag, missing argument). */
export class UsageError extends FlowdeskError {
  override readonly name = 'UsageError';
}

/**
 * A saved state that cannot be restored: a missing field, a value of the wrong type or out of range, a state
 * that contradicts itself or belongs to something else. `field` is the path of the field ("ledger.qty").
 */
export class StateError extends FlowdeskError {
  override readonly name = 'StateError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export function isFlowdeskError(value: unknown): value is FlowdeskError {
  return value instanceof FlowdeskError;
}

export function isInputError(value: unknown): value is InputError {
  return value instanceof InputError;
}

export function isUnitError(value: unknown): value is UnitError {
  return value instanceof UnitError;
}

export function isUsageError(value: unknown): value is UsageError {
  return value instanceof UsageError;
}

export function isStateError(value: unknown): value is StateError {
  return value instanceof StateError;
}

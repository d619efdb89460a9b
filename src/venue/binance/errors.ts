// venue/binance/errors: a wire message that cannot be understood.

import { FlowdeskError } from '../../core/index.js';

export class MalformedMessageError extends FlowdeskError {
  override readonly name = 'MalformedMessageError';
}

export function isMalformedMessageError(value: unknown): value is MalformedMessageError {
  return value instanceof MalformedMessageError;
}

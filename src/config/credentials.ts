// config/credentials: one venue's API key pair, as an object that cannot print its values: JSON,
// util.inspect (console.log, pino's fallback) and string conversion all show "[redacted]". The values are
// reachable only through the two getters, for the SDK client that signs with them.

import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class ApiCredentials {
  readonly #apiKey: string;
  readonly #apiSecret: string;

  constructor(apiKey: string, apiSecret: string) {
    this.#apiKey = apiKey;
    this.#apiSecret = apiSecret;
    Object.freeze(this);
  }

  get apiKey(): string {
    return this.#apiKey;
  }

  get apiSecret(): string {
    return this.#apiSecret;
  }

  toJSON(): { apiKey: string; apiSecret: string } {
    return { apiKey: REDACTED, apiSecret: REDACTED };
  }

  toString(): string {
    return `ApiCredentials(${REDACTED})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

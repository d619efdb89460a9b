// model/state-fields: reading a component's saved state (JSON parsed back into plain values) field by
// field. Every reader checks presence, type and range and throws one StateError naming the owner and the
// field's path ("risk BTCUSDT state: field ledger.qty must be a decimal string, got 12"); end() refuses a
// field the state should not have. Components read their whole state first and change nothing until it
// has all been read, so a corrupt state never leaves a half-restored object. Owns no state of its own.

import { StateError } from '../core/index.js';
import { isDecimalText } from './decimal-text.js';
import { Money } from './money.js';

/** A short rendering of a bad value for an error message. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of one object of a saved state. */
export class StateFields {
  readonly #owner: string;
  readonly #path: string;
  readonly #object: Record<string, unknown>;
  readonly #read = new Set<string>();

  private constructor(owner: string, path: string, object: Record<string, unknown>) {
    this.#owner = owner;
    this.#path = path;
    this.#object = object;
  }

  /** The root of a state; `owner` starts every message ("risk BTCUSDT", "sim account"). */
  static of(owner: string, value: unknown): StateFields {
    return StateFields.at(owner, '', value);
  }

  /** The object at `path` of a state (a list item's, a map value's). */
  static at(owner: string, path: string, value: unknown): StateFields {
    if (!isPlainObject(value)) {
      throw new StateError(path === '' ? `${owner} state: must be an object, got ${shown(value)}` : `${owner} state: field ${path} must be an object, got ${shown(value)}`, path);
    }
    return new StateFields(owner, path, value);
  }

  /** The path of `key` under this object. */
  pathOf(key: string): string {
    return this.#path === '' ? key : `${this.#path}.${key}`;
  }

  /** Throws the StateError of `key`: "field PATH PROBLEM". */
  fail(key: string, problem: string): never {
    const path = this.pathOf(key);
    throw new StateError(`${this.#owner} state: field ${path} ${problem}`, path);
  }

  /** The value of a field that must be present (null counts as present). */
  value(key: string): unknown {
    this.#read.add(key);
    const v = this.#object[key];
    if (v === undefined || !Object.hasOwn(this.#object, key)) this.fail(key, 'is missing');
    return v;
  }

  object(key: string): StateFields {
    const v = this.value(key);
    if (!isPlainObject(v)) this.fail(key, `must be an object, got ${shown(v)}`);
    return new StateFields(this.#owner, this.pathOf(key), v);
  }

  string(key: string): string {
    const v = this.value(key);
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${shown(v)}`);
    return v;
  }

  nullableString(key: string): string | null {
    return this.value(key) === null ? null : this.string(key);
  }

  /** One of `values` (a string). */
  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.value(key);
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(key, `must be one of ${values.join(', ')}, got ${shown(v)}`);
    return v as T;
  }

  boolean(key: string): boolean {
    const v = this.value(key);
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${shown(v)}`);
    return v;
  }

  /** A decimal string (money, quantities): exact, never a JSON number. */
  decimal(key: string, sign: 'any' | 'nonNegative' | 'positive' = 'any'): string {
    const v = this.value(key);
    if (typeof v !== 'string' || !isDecimalText(v)) this.fail(key, `must be a decimal string, got ${shown(v)}`);
    const m = new Money(v);
    if (sign === 'nonNegative' && m.isNegative() && !m.isZero()) this.fail(key, `must not be below 0, got ${shown(v)}`);
    if (sign === 'positive' && !m.greaterThan(0)) this.fail(key, `must be above 0, got ${shown(v)}`);
    return v;
  }

  nullableDecimal(key: string, sign: 'any' | 'nonNegative' | 'positive' = 'any'): string | null {
    return this.value(key) === null ? null : this.decimal(key, sign);
  }

  /** A whole number ≥ `min` (default 0; pass -Infinity for any safe integer). */
  integer(key: string, min = 0): number {
    const v = this.value(key);
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(key, `must be a whole number, got ${shown(v)}`);
    if (v < min) this.fail(key, `must not be below ${min}, got ${v}`);
    return v;
  }

  nullableInteger(key: string, min = 0): number | null {
    return this.value(key) === null ? null : this.integer(key, min);
  }

  /** A finite number ≥ `min`. */
  number(key: string, min = Number.NEGATIVE_INFINITY): number {
    const v = this.value(key);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a finite number, got ${shown(v)}`);
    if (v < min) this.fail(key, `must not be below ${min}, got ${v}`);
    return v;
  }

  nullableNumber(key: string, min = Number.NEGATIVE_INFINITY): number | null {
    return this.value(key) === null ? null : this.number(key, min);
  }

  /** A list, each item read by `read` (its path is `key[i]`). */
  list<T>(key: string, read: (item: StateItem) => T): T[] {
    const v = this.value(key);
    if (!Array.isArray(v)) this.fail(key, `must be a list, got ${shown(v)}`);
    return v.map((item, i) => read(new StateItem(this.#owner, `${this.pathOf(key)}[${i}]`, item)));
  }

  /** An object used as a map (name → value), each value read by `read` (its path is `key.name`). */
  map<T>(key: string, read: (item: StateItem, name: string) => T): [string, T][] {
    const fields = this.object(key);
    return Object.keys(fields.#object).map((name) => {
      fields.#read.add(name);
      return [name, read(new StateItem(this.#owner, fields.pathOf(name), fields.#object[name]), name)] as [string, T];
    });
  }

  /** Refuses any field of this object that was not read. */
  end(): void {
    for (const key of Object.keys(this.#object)) if (!this.#read.has(key)) this.fail(key, 'is not a field of this state');
  }
}

/** One item of a list or a map: read as an object, or as a value of one type. */
export class StateItem {
  constructor(
    readonly owner: string,
    readonly path: string,
    readonly raw: unknown,
  ) {}

  fail(problem: string): never {
    throw new StateError(`${this.owner} state: field ${this.path} ${problem}`, this.path);
  }

  object(): StateFields {
    return StateFields.at(this.owner, this.path, this.raw);
  }

  string(): string {
    if (typeof this.raw !== 'string') this.fail(`must be a string, got ${shown(this.raw)}`);
    return this.raw;
  }

  boolean(): boolean {
    if (typeof this.raw !== 'boolean') this.fail(`must be true or false, got ${shown(this.raw)}`);
    return this.raw;
  }

  integer(min = 0): number {
    if (typeof this.raw !== 'number' || !Number.isSafeInteger(this.raw)) this.fail(`must be a whole number, got ${shown(this.raw)}`);
    if (this.raw < min) this.fail(`must not be below ${min}, got ${this.raw}`);
    return this.raw;
  }

  decimal(): string {
    if (typeof this.raw !== 'string' || !isDecimalText(this.raw)) this.fail(`must be a decimal string, got ${shown(this.raw)}`);
    return this.raw;
  }
}

// venue/binance/fields: typed reads of fields from parsed Binance JSON, each failing with a message that
// names the field. Used by the wire parser only.

import { MalformedMessageError } from './errors.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function num(obj: Json, key: string, what: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new MalformedMessageError(`${what}: field "${key}" must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optNum(obj: Json, key: string, what: string): number | null {
  return obj[key] === undefined ? null : num(obj, key, what);
}

export function str(obj: Json, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== 'string') {
    throw new MalformedMessageError(`${what}: field "${key}" must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function bool(obj: Json, key: string, what: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') {
    throw new MalformedMessageError(`${what}: field "${key}" must be a boolean, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function arr(obj: Json, key: string, what: string): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) {
    throw new MalformedMessageError(`${what}: field "${key}" must be an array`);
  }
  return value;
}

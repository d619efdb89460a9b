// loopback/private/wire: Binance's spot wire conventions for the private side — the error value
// ({status, code, msg}) with the messages Binance writes, request parameters read from a query string and
// a form body (duplicates refused), and decimal strings checked by Binance's own pattern (so `1e-7` is
// refused with -1100) and written with a fixed number of places.

import { Decimal } from 'decimal.js';

/** An error answer: HTTP status (or the WS API's status field) and Binance's {code, msg} body. */
export interface ApiError {
  readonly status: number;
  readonly code: number;
  readonly msg: string;
}

export function apiError(status: number, code: number, msg: string): ApiError {
  return { status, code, msg };
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'code' in value && 'msg' in value && 'status' in value;
}

/** Binance's pattern for decimal parameters (price, quantity, ...). */
const DECIMAL_PATTERN = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const DECIMAL = new RegExp(DECIMAL_PATTERN);
export const CLIENT_ORDER_ID = /^[a-zA-Z0-9-_]{1,36}$/;

export const errors = {
  mandatory: (name: string): ApiError =>
    apiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegal: (name: string, range: string): ApiError =>
    apiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`),
  illegalDecimal: (name: string): ApiError => errors.illegal(name, DECIMAL_PATTERN),
  duplicateParameter: (): ApiError => apiError(400, -1101, 'Duplicate values for a parameter detected.'),
  notRequired: (name: string): ApiError => apiError(400, -1106, `Parameter '${name}' sent when not required.`),
  invalidSymbol: (): ApiError => apiError(400, -1121, 'Invalid symbol.'),
  invalidSide: (): ApiError => apiError(400, -1117, 'Invalid side.'),
  invalidOrderType: (): ApiError => apiError(400, -1116, 'Invalid orderType.'),
  invalidTimeInForce: (): ApiError => apiError(400, -1115, 'Invalid timeInForce.'),
  invalidRespType: (): ApiError => apiError(400, -1177, 'Invalid newOrderRespType.'),
  badCombination: (): ApiError => apiError(400, -1128, 'Combination of optional parameters invalid.'),
  recvWindow: (): ApiError => apiError(400, -1131, 'recvWindow must be less than 60000'),
  keyFormat: (): ApiError => apiError(401, -2014, 'API-key format invalid.'),
  unknownKey: (): ApiError => apiError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  badSignature: (): ApiError => apiError(400, -1022, 'Signature for this request is not valid.'),
  timestampAhead: (): ApiError => apiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  timestampOutside: (): ApiError => apiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  filter: (name: string): ApiError => apiError(400, -1013, `Filter failure: ${name}`),
  newOrderRejected: (msg: string): ApiError => apiError(400, -2010, msg),
  insufficientBalance: (): ApiError => errors.newOrderRejected('Account has insufficient balance for requested action.'),
  wouldTake: (): ApiError => errors.newOrderRejected('Order would immediately match and take.'),
  duplicateOrder: (): ApiError => errors.newOrderRejected('Duplicate order sent.'),
  cancelRejected: (msg = 'Unknown order sent.'): ApiError => apiError(400, -2011, msg),
  noSuchOrder: (): ApiError => apiError(400, -2013, 'Order does not exist.'),
  tooManyOrders: (limit: number, interval: string): ApiError =>
    apiError(429, -1015, `Too many new orders; current limit is ${limit} orders per ${interval}.`),
  unsupported: (): ApiError => apiError(400, -1020, 'This operation is not supported.'),
};

/** Request parameters by name, from the raw query string and the raw form body. */
export type Params = ReadonlyMap<string, string>;

function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Parses `a=1&b=2` pairs from the query and the body; a name given twice is -1101. */
export function parseParams(rawQuery: string, rawBody: string): Params | ApiError {
  const params = new Map<string, string>();
  for (const part of [rawQuery, rawBody]) {
    if (part === '') continue;
    for (const pair of part.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
      if (name === null || value === null) return errors.illegal(name ?? 'parameter', 'percent-encoded text');
      if (params.has(name)) return errors.duplicateParameter();
      params.set(name, value);
    }
  }
  return params;
}

/** A parameter's value, or undefined when it was not sent or sent empty. */
export function param(params: Params, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

export function required(params: Params, name: string): string | ApiError {
  return param(params, name) ?? errors.mandatory(name);
}

/** A decimal parameter as Binance reads it: digits, optionally a dot and digits; nothing else. */
export function decimalParam(params: Params, name: string): Decimal | undefined | ApiError {
  const text = param(params, name);
  if (text === undefined) return undefined;
  if (!DECIMAL.test(text)) return errors.illegalDecimal(name);
  return new Decimal(text);
}

/** A non-negative integer parameter (ids, times, limits). */
export function integerParam(params: Params, name: string): number | undefined | ApiError {
  const text = param(params, name);
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,20}$/.test(text)) return errors.illegal(name, '^[0-9]{1,20}$');
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : errors.illegal(name, '^[0-9]{1,20}$');
}

/** A decimal written with exactly `places` places (Binance writes spot amounts with 8). */
export function fixed(value: Decimal, places = 8): string {
  return value.toFixed(places, Decimal.ROUND_DOWN);
}

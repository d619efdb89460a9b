// loopback/private/signing: the checks of a SIGNED request, as Binance defines them. REST: the signed
// payload is the query string as received (percent-encoded, without its `signature` pair) followed directly
// by the raw form body (no separator), HMAC-SHA256 with the account's secret, hex (case-insensitive). WS API:
// every parameter but `signature`, sorted by name, `name=value` joined with `&` (values percent-encoded, as
// the SDK signs them). The timestamp must be under server time + 1 s and at most recvWindow (default
// 5000 ms, at most 60000) old; otherwise -1021.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors, type ApiError } from './wire.js';

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** The text a REST signature covers: the query without its signature pair, then the body. */
export function restSignedPayload(rawQuery: string, rawBody: string): string {
  const strip = (text: string): string =>
    text
      .split('&')
      .filter((pair) => pair !== '' && !pair.startsWith('signature='))
      .join('&');
  return strip(rawQuery) + strip(rawBody);
}

/** The text a WS API signature covers: the other parameters sorted by name. */
export function wsApiSignedPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'signature' && params[name] !== undefined)
    .sort()
    .map((name) => `${name}=${encodeURIComponent(String(params[name]))}`)
    .join('&');
}

export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(hmacHex(secret, payload), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Binance's recvWindow rule. `timestamp`/`recvWindow` are the raw parameter texts (undefined when absent). */
export function checkTimestamp(timestamp: string | undefined, recvWindow: string | undefined, nowMs: number): ApiError | null {
  if (timestamp === undefined || timestamp === '') return errors.mandatory('timestamp');
  if (!/^[0-9]{1,20}$/.test(timestamp)) return errors.illegal('timestamp', '^[0-9]{1,20}$');
  let window = 5000;
  if (recvWindow !== undefined && recvWindow !== '') {
    if (!/^[0-9]{1,20}(\.[0-9]{1,3})?$/.test(recvWindow)) return errors.illegal('recvWindow', '^[0-9]{1,20}(\\.[0-9]{1,3})?$');
    window = Number(recvWindow);
    if (window > 60_000) return errors.recvWindow();
  }
  const time = Number(timestamp);
  if (time >= nowMs + 1000) return errors.timestampAhead();
  if (nowMs - time > window) return errors.timestampOutside();
  return null;
}

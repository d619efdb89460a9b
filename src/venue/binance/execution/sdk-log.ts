// venue/binance/execution/sdk-log: the SDK's log lines and errors, made safe to log. The SDK traces the
// WS API requests it sends (the API key and the signature inside), and its errors carry the signed URL and
// the X-MBX-APIKEY header; nothing of that may reach a log. Every line goes through `sanitize`: fields
// named like a secret or a transport object (headers, config, request) are dropped, the key and secret
// values and any signature are cut out of strings, class instances other than errors become their name.
// Used for everything the adapter logs, not only the SDK's own lines.

/** The levels the SDK logs at (its DefaultLogger). */
export type SdkLogLevel = 'trace' | 'info' | 'error';

/** Where the adapter's log lines go (the command routes them to its pino logger). Fields are sanitized. */
export type ExecutionLog = (level: SdkLogLevel, message: string, fields: Readonly<Record<string, unknown>>) => void;

export const REDACTED = '[redacted]';

/** Field names whose values are never logged (compared case-insensitively, without - and _). */
const SECRET_FIELDS = new Set([
  'signature',
  'apikey',
  'apisecret',
  'secret',
  'xmbxapikey',
  'listenkey',
  'listentoken',
  'token',
  'password',
  'headers',
  'config',
  'request',
  'requestoptions',
  'requesturl',
  'requestbody',
]);

const MAX_DEPTH = 6;
const MAX_ITEMS = 20;
const MAX_TEXT = 1000;

function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/** `text` with every secret value, signature and API key parameter cut out. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  out = out.replace(/(signature["']?\s*[:=]\s*["']?)[0-9a-fA-F]{8,}/gi, `$1${REDACTED}`);
  out = out.replace(/((?:api_?key|x-mbx-apikey)["']?\s*[:=]\s*["']?)[^"'&,\s}]+/gi, `$1${REDACTED}`);
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
}

/** A JSON-able copy of `value` with nothing secret in it (see the module header). */
export function sanitize(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: scrubText(value.message, secrets),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => sanitize(v, secrets, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return `[${(value as { constructor?: { name?: string } }).constructor?.name ?? 'object'}]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_ITEMS * 2)) {
    if (isSecretField(key)) continue;
    if (typeof v === 'function') continue;
    out[key] = sanitize(v, secrets, depth + 1);
  }
  return out;
}

/** The SDK's logger (`{trace, info, error}`), routed to `log` after sanitizing; dropped without one. */
export function sdkLogger(log: ExecutionLog | undefined, secrets: readonly string[]): Record<SdkLogLevel, (...params: unknown[]) => void> {
  const line = (level: SdkLogLevel) => (...params: unknown[]) => {
    if (log === undefined) return;
    const [first, ...rest] = params;
    const message = typeof first === 'string' ? scrubText(first, secrets) : 'binance SDK';
    const values = typeof first === 'string' ? rest : params;
    const fields: Record<string, unknown> = { source: 'binance SDK' };
    if (values.length === 1) fields['detail'] = sanitize(values[0], secrets);
    else if (values.length > 1) fields['detail'] = sanitize(values, secrets);
    log(level, message, fields);
  };
  return { trace: line('trace'), info: line('info'), error: line('error') };
}

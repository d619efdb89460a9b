// venue/binance/execution/wire: Binance spot's private messages as zod schemas — the REST bodies of an order
// (query, open orders, new order RESULT, cancel), the account, the account's trades, and the user-data
// events of the WS API (executionReport, outboundAccountPosition, balanceUpdate; any other event type is
// kept by name only). Amounts stay the decimal strings Binance wrote (to-model.ts makes ticks and lots of
// them); unknown fields are dropped. A body that does not match is a MalformedMessageError naming the
// field, never a guess.

import { z } from 'zod';
import { MalformedMessageError } from '../errors.js';

/** A plain decimal as Binance writes amounts (a balance delta may be negative). */
const decimal = z.string().regex(/^-?[0-9]+(\.[0-9]+)?$/, 'not a plain decimal');
const side = z.enum(['BUY', 'SELL']);

/** GET /api/v3/order, each of GET /api/v3/openOrders, POST /api/v3/order (RESULT), DELETE /api/v3/order. */
export const orderBodySchema = z.object({
  symbol: z.string(),
  orderId: z.number().int(),
  clientOrderId: z.string(),
  /** Only in a cancel answer: the canceled order's own id (clientOrderId is then the cancel's). */
  origClientOrderId: z.string().optional(),
  price: decimal,
  origQty: decimal,
  executedQty: decimal,
  status: z.string(),
  timeInForce: z.string(),
  type: z.string(),
  side,
  transactTime: z.number().int().optional(),
  updateTime: z.number().int().optional(),
});
export type OrderBody = z.infer<typeof orderBodySchema>;

export const accountBodySchema = z.object({
  canTrade: z.boolean(),
  updateTime: z.number().int(),
  balances: z.array(z.object({ asset: z.string(), free: decimal, locked: decimal })),
});
export type AccountBody = z.infer<typeof accountBodySchema>;

/** One of GET /api/v3/myTrades. */
export const tradeBodySchema = z.object({
  symbol: z.string(),
  id: z.number().int(),
  orderId: z.number().int(),
  price: decimal,
  qty: decimal,
  commission: decimal,
  commissionAsset: z.string(),
  time: z.number().int(),
  isBuyer: z.boolean(),
  isMaker: z.boolean(),
});
export type TradeBody = z.infer<typeof tradeBodySchema>;

const executionReportSchema = z.object({
  e: z.literal('executionReport'),
  E: z.number().int(),
  s: z.string(),
  c: z.string(),
  S: side,
  o: z.string(),
  f: z.string(),
  q: decimal,
  p: decimal,
  C: z.string().nullable().optional(),
  x: z.string(),
  X: z.string(),
  r: z.string(),
  i: z.number().int(),
  l: decimal,
  z: decimal,
  L: decimal,
  n: decimal,
  N: z.string().nullable(),
  T: z.number().int(),
  t: z.number().int(),
  m: z.boolean(),
});
export type ExecutionReportEvent = z.infer<typeof executionReportSchema>;

const accountPositionSchema = z.object({
  e: z.literal('outboundAccountPosition'),
  E: z.number().int(),
  u: z.number().int(),
  B: z.array(z.object({ a: z.string(), f: decimal, l: decimal })),
});
export type AccountPositionEvent = z.infer<typeof accountPositionSchema>;

const balanceUpdateSchema = z.object({
  e: z.literal('balanceUpdate'),
  E: z.number().int(),
  a: z.string(),
  d: decimal,
  T: z.number().int(),
});
export type BalanceUpdateEvent = z.infer<typeof balanceUpdateSchema>;

/** A user-data event: the three flowdesk reads, or another type by name (listStatus, eventStreamTerminated...). */
export type UserDataWireEvent = ExecutionReportEvent | AccountPositionEvent | BalanceUpdateEvent | { readonly e: 'other'; readonly type: string };

/** `{subscriptionId, event}`: a user-data frame of the WS API. */
const userFrameSchema = z.object({ subscriptionId: z.number().int(), event: z.object({ e: z.string() }).loose() });

/** A WS API answer with a subscription id (`userDataStream.subscribe*`). */
const subscribedSchema = z.object({ id: z.union([z.number(), z.string()]), status: z.literal(200), result: z.object({ subscriptionId: z.number().int() }) });

function problem(what: string, error: z.ZodError): MalformedMessageError {
  const first = error.issues[0];
  const where = first === undefined || first.path.length === 0 ? '' : ` at ${first.path.join('.')}`;
  return new MalformedMessageError(`${what}: ${first?.message ?? 'does not match'}${where}`);
}

/** `body` read with `schema`, or a MalformedMessageError naming `what` and the field. */
export function readBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw problem(what, parsed.error);
  return parsed.data;
}

/** What one WS API frame of the user-data connection is. */
export type UserFrame =
  | { readonly kind: 'event'; readonly event: UserDataWireEvent }
  | { readonly kind: 'subscribed'; readonly subscriptionId: number }
  | { readonly kind: 'other' };

/** Reads a frame's text; throws a MalformedMessageError for a user-data event that does not match its schema. */
export function readUserFrame(text: string): UserFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedMessageError('user-data frame is not JSON');
  }
  const frame = userFrameSchema.safeParse(json);
  if (!frame.success) {
    const subscribed = subscribedSchema.safeParse(json);
    return subscribed.success ? { kind: 'subscribed', subscriptionId: subscribed.data.result.subscriptionId } : { kind: 'other' };
  }
  const event = frame.data.event;
  switch (event.e) {
    case 'executionReport':
      return { kind: 'event', event: readBody(executionReportSchema, event, 'executionReport') };
    case 'outboundAccountPosition':
      return { kind: 'event', event: readBody(accountPositionSchema, event, 'outboundAccountPosition') };
    case 'balanceUpdate':
      return { kind: 'event', event: readBody(balanceUpdateSchema, event, 'balanceUpdate') };
    default:
      return { kind: 'event', event: { e: 'other', type: event.e } };
  }
}

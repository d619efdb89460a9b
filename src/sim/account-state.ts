// sim/account-state: the saved state of the simulated account (restart recovery) — the JSON-able shape
// SimAccount.exportState() gives and SimAccount.restore() takes, and its reader. The reader checks every
// field (a StateError naming the first bad one) and the account's own invariants: each asset's locked
// amount is what the open reservations in it hold, and each symbol's offered base what its open sells hold.

import { Money, StateFields, readPositionLedgerState, type PositionLedgerState } from '../model/index.js';

export interface SimBalanceState {
  readonly free: string;
  readonly locked: string;
}

export interface SimSymbolState {
  /** Position, cost, realised P&L, fees, last mark, the open round trip. */
  readonly ledger: PositionLedgerState;
  /** Base offered by open sells. */
  readonly offered: string;
  /** Σ price × qty of the fills. */
  readonly turnover: string;
  readonly fills: number;
}

/** What one open order holds: the reserved asset is the quote for a buy, the base for a sell. */
export interface SimReservationState {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly priceTicks: number;
  readonly qtyLots: number;
  /** Locked per lot (the reservation is perLot × qtyLots). */
  readonly perLot: string;
  readonly filledLots: number;
  /** What is still locked. */
  readonly remaining: string;
}

export interface SimAccountState {
  readonly quoteAsset: string;
  /** By asset, sorted. */
  readonly balances: Readonly<Record<string, SimBalanceState>>;
  /** By symbol, sorted. */
  readonly symbols: Readonly<Record<string, SimSymbolState>>;
  /** The open orders' reservations, in the order they were made. */
  readonly reservations: readonly SimReservationState[];
  /** Fees as charged, by asset, sorted. */
  readonly feesByAsset: Readonly<Record<string, string>>;
  /** Running peak of net P&L, the largest fall from it, and the time of that fall's trough. */
  readonly peakNet: string;
  readonly maxDrawdown: string;
  readonly maxDrawdownUs: number | null;
}

/** The account's shape a state must fit: its quote asset, and each symbol's base and quote. */
export interface SimAccountShape {
  readonly quoteAsset: string;
  readonly assetsOf: ReadonlyMap<string, { readonly base: string; readonly quote: string }>;
}

const OWNER = 'sim account';

/** Reads a SimAccountState for an account of `shape`; a StateError names the first bad field. */
export function readSimAccountState(value: unknown, shape: SimAccountShape): SimAccountState {
  const f = StateFields.of(OWNER, value);
  const quoteAsset = f.string('quoteAsset');
  if (quoteAsset !== shape.quoteAsset) f.fail('quoteAsset', `is ${JSON.stringify(quoteAsset)}, this account's is ${shape.quoteAsset}`);
  const balances = Object.fromEntries(
    f.map('balances', (item) => {
      const b = item.object();
      const balance = { free: b.decimal('free', 'nonNegative'), locked: b.decimal('locked', 'nonNegative') };
      b.end();
      return balance;
    }),
  );
  const symbolFields = f.object('symbols');
  const symbols: Record<string, SimSymbolState> = {};
  for (const symbol of [...shape.assetsOf.keys()].sort()) {
    const s = symbolFields.object(symbol);
    symbols[symbol] = { ledger: readPositionLedgerState(s.object('ledger')), offered: s.decimal('offered', 'nonNegative'), turnover: s.decimal('turnover', 'nonNegative'), fills: s.integer('fills') };
    s.end();
  }
  symbolFields.end();
  const seen = new Set<string>();
  const reservations = f.list('reservations', (item) => {
    const r = item.object();
    const reservation: SimReservationState = {
      clientOrderId: r.string('clientOrderId'),
      symbol: r.oneOf('symbol', [...shape.assetsOf.keys()]),
      side: r.oneOf('side', ['buy', 'sell'] as const),
      priceTicks: r.integer('priceTicks', 1),
      qtyLots: r.integer('qtyLots', 1),
      perLot: r.decimal('perLot', 'positive'),
      filledLots: r.integer('filledLots'),
      remaining: r.decimal('remaining', 'nonNegative'),
    };
    if (reservation.filledLots >= reservation.qtyLots) r.fail('filledLots', `must be below qtyLots ${reservation.qtyLots} (a filled order holds no reservation), got ${reservation.filledLots}`);
    if (seen.has(reservation.clientOrderId)) r.fail('clientOrderId', `${JSON.stringify(reservation.clientOrderId)} holds two reservations`);
    seen.add(reservation.clientOrderId);
    r.end();
    return reservation;
  });
  const feesByAsset = Object.fromEntries(f.map('feesByAsset', (item) => item.decimal()));
  const state: SimAccountState = {
    quoteAsset,
    balances,
    symbols,
    reservations,
    feesByAsset,
    peakNet: f.decimal('peakNet', 'nonNegative'),
    maxDrawdown: f.decimal('maxDrawdown', 'nonNegative'),
    maxDrawdownUs: f.nullableInteger('maxDrawdownUs', Number.MIN_SAFE_INTEGER),
  };
  f.end();
  checkHeld(f, state, shape);
  return state;
}

/** Each asset's locked amount is Σ remaining of its reservations; each symbol's offered base Σ remaining of its sells. */
function checkHeld(f: StateFields, state: SimAccountState, shape: SimAccountShape): void {
  const locked = new Map<string, Money>();
  const offered = new Map<string, Money>();
  for (const r of state.reservations) {
    const assets = shape.assetsOf.get(r.symbol) as { base: string; quote: string };
    const asset = r.side === 'buy' ? assets.quote : assets.base;
    locked.set(asset, (locked.get(asset) ?? new Money(0)).plus(r.remaining));
    if (r.side === 'sell') offered.set(r.symbol, (offered.get(r.symbol) ?? new Money(0)).plus(r.remaining));
  }
  for (const asset of new Set([...Object.keys(state.balances), ...locked.keys()])) {
    const held = locked.get(asset) ?? new Money(0);
    const balance = state.balances[asset];
    if (balance === undefined || !held.equals(balance.locked)) {
      f.fail(`balances.${asset}.locked`, `is ${JSON.stringify(balance?.locked ?? null)}, but the open orders' reservations hold ${held.toFixed()} ${asset}`);
    }
  }
  for (const [symbol, s] of Object.entries(state.symbols)) {
    const held = offered.get(symbol) ?? new Money(0);
    if (!held.equals(s.offered)) f.fail(`symbols.${symbol}.offered`, `is ${JSON.stringify(s.offered)}, but the open sells' reservations hold ${held.toFixed()}`);
  }
}

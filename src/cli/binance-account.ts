// cli/binance-account: the Binance account of a `flowdesk trade` session in a private mode, as its REST
// reads last saw it — balances and the open orders of the session's symbols — through a PrivateReader
// (venue/binance; built and closed by the caller). Reads happen at open(), every readEveryMs, when the
// user-data stream is live again, and after user-data events; one at a time, a read asked for during
// another coalesced into one more after it. Owns: the latest read, the kernel's VenueHoldings over it
// (position = base asset held − a baseline), the one-line problem that closes the private-state gate
// (no read yet, a failed read, a stale user stream, an old read), order statuses for restart recovery and
// the status line's field. Time comes from the clock and scheduler given. Errors are kept as one line
// (never a key: the SDK signs).

import type { Cancel, Clock, Scheduler } from '../core/index.js';
import type { VenueHoldings } from '../kernel/index.js';
import { Money, moneyText, type Balance, type VenueOrder, type VenueOrderStatus, type VenueSnapshot } from '../model/index.js';
import type { PrivateReader } from '../venue/index.js';

/** Wall time between reads of balances and open orders (default). */
export const READ_EVERY_MS = 5000;
/** A user stream down this long is a problem (default). */
export const STALE_AFTER_MS = 15_000;
/** A read older than this many read periods is a problem. */
const OLD_READS = 3;

export interface AccountRead {
  readonly balances: readonly Balance[];
  readonly openOrders: readonly VenueOrder[];
  /** The clock's time when the read completed (µs). */
  readonly atUs: number;
}

export interface BinanceAccountOptions {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly readEveryMs?: number;
  readonly staleAfterMs?: number;
}

/** A symbol of the session with its assets. */
export interface AccountSymbol {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

/** The amount of `asset` held in `balances` (free + locked), as Money; 0 when none. */
function heldIn(balances: readonly Balance[], asset: string): Money {
  const b = balances.find((x) => x.asset === asset);
  return b === undefined ? new Money(0) : new Money(b.free).plus(b.locked);
}

/**
 * The baseline per base asset: what `read` holds of it minus the strategy's local position (summed over the
 * symbols of that base asset). At a fresh start (local 0) it is what the account held before the session.
 */
export function baselineFrom(read: AccountRead, local: readonly { readonly baseAsset: string; readonly qty: string }[]): Record<string, string> {
  const sums = new Map<string, Money>();
  for (const { baseAsset, qty } of local) sums.set(baseAsset, (sums.get(baseAsset) ?? new Money(0)).plus(qty));
  return Object.fromEntries([...sums].map(([asset, qty]) => [asset, moneyText(heldIn(read.balances, asset).minus(qty))]));
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class BinanceAccount {
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly readEveryMs: number;
  private readonly staleAfterMs: number;
  private last: AccountRead | null = null;
  private readFailure: string | null = null;
  /** The read running, and the one more asked for during it. */
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private readonly listeners = new Set<(read: AccountRead) => void>();
  private readonly cancels: Cancel[] = [];
  private opened = false;
  private closed = false;
  /** Since when the user stream has not been live (µs; from the start until its first subscription); null while it is. */
  private streamDownSinceUs: number | null;
  /** Why the last start of the user stream failed; null once it is live. */
  private streamFailure: string | null = null;
  private streamStarting = false;

  constructor(
    private readonly reader: PrivateReader,
    options: BinanceAccountOptions,
  ) {
    this.clock = options.clock;
    this.scheduler = options.scheduler;
    this.readEveryMs = options.readEveryMs ?? READ_EVERY_MS;
    this.staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.streamDownSinceUs = this.clock.nowUs();
  }

  /**
   * Reads once, then subscribes to the user stream (resolves when it is live, or when its start failed: the
   * failure is a problem(), and the next periodic read tries again). Reads every readEveryMs from here on.
   */
  async open(): Promise<void> {
    if (this.opened || this.closed) return;
    this.opened = true;
    this.cancels.push(
      this.scheduler.every(this.readEveryMs, () => {
        void this.read();
        if (this.streamFailure !== null) void this.startStream();
      }),
      this.reader.onUserEvent(() => void this.read()),
      this.reader.onUserStreamChange((change) => {
        if (change.kind === 'live') {
          this.markLive();
          void this.read();
        } else this.streamDownSinceUs ??= change.timeUs;
      }),
    );
    await this.read();
    await this.startStream();
  }

  private markLive(): void {
    this.streamDownSinceUs = null;
    this.streamFailure = null;
  }

  private async startStream(): Promise<void> {
    if (this.streamStarting || this.closed) return;
    this.streamStarting = true;
    try {
      await this.reader.startUserStream();
      // Live already (a reader whose stream another part started): no change will say so.
      if (this.reader.userStream().state === 'live') this.markLive();
    } catch (error) {
      if (!this.closed) this.streamFailure = messageOf(error);
    } finally {
      this.streamStarting = false;
    }
  }

  /**
   * Reads balances and open orders. One read at a time: a call during a read waits for it, then for one
   * more read that every call made during it shares. Never rejects: a failure is kept for problem().
   */
  read(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.current === null) {
      this.current = this.readOnce().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.read();
    });
    return this.next;
  }

  private async readOnce(): Promise<void> {
    try {
      const account = await this.reader.account();
      const openOrders = await this.reader.openOrders();
      if (this.closed) return;
      const read: AccountRead = { balances: account.balances, openOrders, atUs: this.clock.nowUs() };
      this.last = read;
      this.readFailure = null;
      for (const listener of this.listeners) listener(read);
    } catch (error) {
      if (!this.closed) this.readFailure = messageOf(error);
    }
  }

  /** Called after each successful read (the trader reconciles then). */
  onRead(listener: (read: AccountRead) => void): Cancel {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  latest(): AccountRead | null {
    return this.last;
  }

  /** The amount of `asset` held (free + locked), a decimal string; "0" when none (or before a read). */
  held(asset: string): string {
    return moneyText(heldIn(this.last?.balances ?? [], asset));
  }

  /**
   * The kernel's view of the account: per symbol, the base asset held minus `baseline` of it (negative when
   * the account holds less than the baseline: shown as it is); no symbol before the first read.
   */
  holdings(symbols: readonly AccountSymbol[], baseline: Readonly<Record<string, string>>, name: string): VenueHoldings {
    const quoteAsset = symbols[0]?.quoteAsset ?? '';
    return {
      name,
      quoteAsset: () => quoteAsset,
      holdings: () => {
        const last = this.last;
        if (last === null) return {};
        return Object.fromEntries(
          symbols.map((s) => [s.symbol, { position: moneyText(heldIn(last.balances, s.baseAsset).minus(baseline[s.baseAsset] ?? '0')), quote: s.quoteAsset, fills: 0 }]),
        );
      },
      snapshot: (): VenueSnapshot => ({ openOrders: this.last?.openOrders ?? [], balances: this.last?.balances ?? [], positions: [] }),
      // Binance tells neither the queue ahead nor when an order was sent.
      orderFacts: () => null,
    };
  }

  /**
   * What keeps the account from being trusted now, in one short line; null when nothing does. In order: the
   * last read failed, no read yet, the user stream down for staleAfterMs, the last read older than three
   * read periods.
   */
  problem(nowUs: number): string | null {
    if (this.readFailure !== null) return `account read failed: ${this.readFailure}`;
    if (this.last === null) return 'no account read yet';
    // Our own count as well as the reader's: a failed start tried again resets the reader's.
    const stream = this.reader.userStream();
    const downSinceUs = stream.state === 'live' ? null : (this.streamDownSinceUs ?? (this.reader.isStale(nowUs, this.staleAfterMs) ? stream.sinceUs : null));
    if (downSinceUs !== null && nowUs - downSinceUs >= this.staleAfterMs * 1000) {
      const down = `user stream down for ${Math.floor((nowUs - downSinceUs) / 1e6)} s`;
      return this.streamFailure === null ? down : `${down} (${this.streamFailure})`;
    }
    if (nowUs - this.last.atUs > OLD_READS * this.readEveryMs * 1000) return `last account read ${Math.floor((nowUs - this.last.atUs) / 1e6)} s old`;
    return null;
  }

  /** The venue's record of each order (null: Binance does not know it), asked one after the other. */
  async statuses(orders: readonly { readonly symbol: string; readonly clientOrderId: string }[]): Promise<Map<string, VenueOrderStatus | null>> {
    const out = new Map<string, VenueOrderStatus | null>();
    for (const { symbol, clientOrderId } of orders) out.set(clientOrderId, await this.reader.orderStatus(symbol, clientOrderId));
    return out;
  }

  /** The status line's field: the account's open orders and the balances of the symbols' assets. */
  statusField(assets: readonly string[]): string {
    const last = this.last;
    const read = last === null ? 'account not read yet' : `account open orders ${last.openOrders.length} ${assets.map((a) => `${a} ${this.held(a)}`).join(' ')}`;
    return this.readFailure === null ? read : `${read} (read failed: ${this.readFailure})`;
  }

  /** Stops reading (waits for a read running). The reader stays open: it is the caller's to close. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.cancels.splice(0)) cancel();
    await this.next;
    await this.current;
  }
}

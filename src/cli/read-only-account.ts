// cli/read-only-account: `flowdesk trade` with EXECUTION_MODE=READ_ONLY_PRIVATE — the account's private state
// read through a PrivateReader only (venue/binance: it has no method that places or cancels, and its client
// is built for reads). Balances and open orders are read at the start, every READ_EVERY_MS, and again when the
// user-data stream comes back; the stream's events trigger a read too. What it shows: the status line's field
// and the Reconciliation pane's venue side. Errors are kept as one line (never a key: the SDK signs).

import { executionVenueFor, type Config } from '../config/index.js';
import type { Cancel } from '../core/index.js';
import { Money, createInstrument, type Balance, type Instrument, type InstrumentSpec, type VenueOrder } from '../model/index.js';
import { createPrivateReader, type PrivateReader } from '../venue/index.js';
import { systemClock, systemScheduler } from './system-time.js';

/** Wall time between reads of balances and open orders. */
export const READ_EVERY_MS = 5000;

export const READ_ONLY_VENUE = 'Binance production (read only)';

export interface AccountRead {
  readonly balances: readonly Balance[];
  readonly openOrders: readonly VenueOrder[];
  /** Wall time of the read (µs). */
  readonly atUs: number;
}

export class ReadOnlyAccount {
  private reader: PrivateReader | null = null;
  private last: AccountRead | null = null;
  private problem: string | null = null;
  private reading: Promise<void> | null = null;
  private readonly cancels: Cancel[] = [];
  private closed = false;

  constructor(private readonly config: Config) {}

  /** Opens the reader for the instruments, reads once, subscribes to the user stream. */
  async open(specs: readonly InstrumentSpec[]): Promise<void> {
    const route = executionVenueFor('READ_ONLY_PRIVATE', this.config, { live: false });
    if (route === null || this.closed) return;
    const instruments = new Map<string, Instrument>(specs.map((s) => [s.symbol, createInstrument(s)]));
    const reader = await createPrivateReader(route, { instruments, clock: systemClock, scheduler: systemScheduler });
    this.reader = reader;
    this.cancels.push(
      systemScheduler.every(READ_EVERY_MS, () => void this.read()),
      reader.onUserEvent(() => void this.read()),
      reader.onUserStreamChange((change) => {
        if (change.kind === 'live') void this.read();
      }),
    );
    await this.read();
    await reader.startUserStream().catch((error: unknown) => this.fail(error));
  }

  /** One read of balances and open orders (one at a time). */
  read(): Promise<void> {
    const reader = this.reader;
    if (reader === null || this.closed) return Promise.resolve();
    this.reading ??= (async () => {
      try {
        const account = await reader.account();
        const openOrders = await reader.openOrders();
        this.last = { balances: account.balances, openOrders, atUs: systemClock.nowUs() };
        this.problem = null;
      } catch (error) {
        this.fail(error);
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  latest(): AccountRead | null {
    return this.last;
  }

  /** The amount of `asset` held (free + locked), a decimal string; "0" when none. */
  held(asset: string): string {
    const b = this.last?.balances.find((x) => x.asset === asset);
    return b === undefined ? '0' : new Money(b.free).plus(b.locked).toFixed();
  }

  /** The status line's field: the account's open orders and the balances of the symbols' assets. */
  statusField(assets: readonly string[]): string {
    const last = this.last;
    const read = last === null ? 'account not read yet' : `account open orders ${last.openOrders.length} ${assets.map((a) => `${a} ${this.held(a)}`).join(' ')}`;
    return this.problem === null ? read : `${read} (read failed: ${this.problem})`;
  }

  private fail(error: unknown): void {
    this.problem = error instanceof Error ? error.message : String(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.cancels.splice(0)) cancel();
    await this.reading;
    await this.reader?.close();
  }
}

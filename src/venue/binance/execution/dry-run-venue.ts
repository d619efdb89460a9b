// venue/binance/execution/dry-run-venue: DRY_RUN_PRIVATE's ExecutionVenue. submit() builds the exact
// parameters DEMO, TESTNET and LIVE would send (the same order builder) and has Binance validate them with
// POST /api/v3/order/test; nothing is placed. Its REST client is built for the validate capability, so it
// cannot call a mutation endpoint, and nothing in this module can build another client: it is made only
// from a validate route. Every order ends as one `rejected` report whose reason says what happened and
// carries the exact parameters as JSON, so the trading journal (reportReceived) shows the request:
//   "dry run: validated by Binance, not sent: {...}"  /  "dry run: Binance refused the test order (-1013
//   Filter failure: LOT_SIZE): {...}"  /  "dry run: not validated (...): {...}"  /  the builder's refusal.
// The order state machine stays valid (pendingNew → rejected); nothing stays open to cancel. snapshot()
// reads the real account through the reader.

import type { ExecutionRoute } from '../../../config/index.js';
import type { ExecutionReport, ExecutionReportSink, ExecutionVenue, Instrument, OrderRequest, VenueSnapshot } from '../../../model/index.js';
import { buildCancelParams } from '../order-builder.js';
import { requireAccess, type RouteWith } from './capabilities.js';
import { DEFAULT_RECV_WINDOW_MS, DEFAULT_REQUEST_TIMEOUT_MS, readerInternals, type PrivateReader, type ReaderInternals } from './private-reader.js';
import { RestClient } from './rest-client.js';
import { DRY_RUN_VALIDATED, instrumentsFor, prepareOrder, rateLimitReason, rateLimitWarningOf, requireSameRoute, type ExecutionVenueOptions } from './venue-common.js';


class DryRunVenue implements ExecutionVenue {
  readonly product = 'spot' as const;
  readonly #rest: RestClient;
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #shared: ReaderInternals;
  /** Symbol of each order seen, for the exact cancel parameters. */
  readonly #symbols = new Map<string, string>();
  #sink: ExecutionReportSink | null = null;
  #closed = false;

  constructor(
    route: ExecutionRoute,
    private readonly reader: PrivateReader,
    private readonly options: ExecutionVenueOptions,
  ) {
    this.#shared = readerInternals(reader);
    const o = this.#shared.options;
    this.#instruments = instrumentsFor(options.rules, o.instruments, 'dry-run venue');
    this.#rest = new RestClient(route, 'validate', {
      timeoutMs: options.requestTimeoutMs ?? o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      recvWindowMs: o.recvWindowMs ?? DEFAULT_RECV_WINDOW_MS,
    });
  }

  async connect(sink: ExecutionReportSink): Promise<void> {
    if (this.#sink !== null) throw new Error('dry-run venue: connect called twice');
    this.#sink = sink;
  }

  submit(request: OrderRequest): void {
    this.requireConnected();
    const { clientOrderId, intent } = request;
    this.#symbols.set(clientOrderId, intent.symbol);
    const reject = (reason: string): void => this.deliver({ kind: 'rejected', clientOrderId, symbol: intent.symbol, transactTimeMs: null, reason });
    const prepared = prepareOrder(request, this.options.rules, this.#instruments, this.options);
    if (prepared.kind === 'refused') {
      queueMicrotask(() => reject(`dry run: ${prepared.reason}`));
      return;
    }
    const params = prepared.built.params;
    const json = JSON.stringify(params);
    this.options.onRequest?.({ kind: 'testOrder', timeUs: this.#shared.options.clock.nowUs(), params });
    void this.#rest.call('POST', 'api/v3/order/test', { ...params }).then((answer) => {
      this.#shared.board.note(this.#shared.options.clock.nowUs(), this.#rest.rateLimits(), false);
      if (answer.ok) {
        reject(`${DRY_RUN_VALIDATED}: ${json}`);
        return;
      }
      const warning = rateLimitWarningOf(answer.failure, 'validate', this.#shared.options.clock.nowUs());
      if (warning !== null) this.options.onRateLimit?.(warning);
      if (warning !== null) reject(`dry run: ${rateLimitReason(warning)}: ${json}`);
      else if (answer.failure.kind === 'refused') reject(`dry run: Binance refused the test order (${answer.failure.message}): ${json}`);
      else reject(`dry run: not validated (${answer.failure.message}): ${json}`);
    });
  }

  /** Nothing was placed: the cancel that would go out is reported, not sent. */
  cancel(clientOrderId: string): void {
    this.requireConnected();
    const symbol = this.#symbols.get(clientOrderId) ?? '';
    const params = symbol === '' ? null : buildCancelParams(symbol, clientOrderId);
    const reason = params === null ? 'dry run: not an order of this session' : `dry run: nothing was placed, cancel not sent: ${JSON.stringify(params)}`;
    queueMicrotask(() => this.deliver({ kind: 'cancelRejected', clientOrderId, symbol, transactTimeMs: null, reason }));
  }

  cancelAll(): void {
    this.requireConnected();
  }

  async snapshot(): Promise<VenueSnapshot> {
    const [openOrders, account] = await Promise.all([this.reader.openOrders(), this.reader.account()]);
    return { openOrders, balances: account.balances, positions: [] };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  private deliver(report: ExecutionReport): void {
    if (!this.#closed) this.#sink?.report(report);
  }

  private requireConnected(): void {
    if (this.#sink === null) throw new Error('dry-run venue: connect() first');
  }
}

/** DRY_RUN_PRIVATE's venue: only for a validate route and a reader of that route. */
export function openDryRunVenue(route: RouteWith<'validate'>, reader: PrivateReader, options: ExecutionVenueOptions): ExecutionVenue {
  requireAccess(route, 'validate', 'the dry-run venue');
  requireSameRoute(route, reader, 'the dry-run venue');
  return new DryRunVenue(route, reader, options);
}

export { DRY_RUN_VALIDATED };

// A small in-memory ExecutionVenue for tests of what sits on the execution port (the real simulator comes in
// a later issue). It keeps open orders, answers every command through the report sink after a fixed latency
// of the run's time (or at once, inside the call, with latency 0), and never fills anything: it accepts,
// rejects, cancels, and records each command with what the test wants to know at that moment.
import type { Scheduler } from '../../src/core/index.js';
import {
  orderRequestProblem,
  type ExecutionReport,
  type ExecutionReportSink,
  type ExecutionVenue,
  type OrderRequest,
  type Product,
  type VenueOrder,
  type VenueSnapshot,
} from '../../src/model/index.js';

export type VenueCommand =
  | { readonly kind: 'submit'; readonly request: OrderRequest }
  | { readonly kind: 'cancel'; readonly clientOrderId: string }
  | { readonly kind: 'cancelAll'; readonly symbol: string | null };

export class InMemoryVenue<Context> implements ExecutionVenue {
  /** Every command received, in order, with the context the test captured when it arrived. */
  readonly commands: { readonly command: VenueCommand; readonly context: Context }[] = [];
  private sink: ExecutionReportSink | null = null;
  private readonly open = new Map<string, VenueOrder>();
  private nextVenueId = 1;

  constructor(
    readonly product: Product,
    private readonly time: Scheduler,
    private readonly latencyMs: number,
    private readonly capture: () => Context,
  ) {}

  connect(sink: ExecutionReportSink): Promise<void> {
    if (this.sink !== null) throw new Error('connect() called twice');
    this.sink = sink;
    return Promise.resolve();
  }

  submit(request: OrderRequest): void {
    this.record({ kind: 'submit', request });
    const { clientOrderId, intent } = request;
    const head = { clientOrderId, symbol: intent.symbol, transactTimeMs: null };
    const problem = orderRequestProblem(request);
    if (problem !== null || this.open.has(clientOrderId)) {
      this.answer({ ...head, kind: 'rejected', reason: problem ?? 'Duplicate order sent.' });
      return;
    }
    const venueOrderId = String(this.nextVenueId++);
    this.answer({ ...head, kind: 'accepted', venueOrderId }, () => {
      this.open.set(clientOrderId, { clientOrderId, venueOrderId, symbol: intent.symbol, side: intent.side, type: intent.type, priceTicks: intent.priceTicks, qtyLots: intent.qtyLots, filledLots: 0 });
    });
  }

  cancel(clientOrderId: string): void {
    this.record({ kind: 'cancel', clientOrderId });
    this.answerCancel(clientOrderId, null);
  }

  cancelAll(symbol?: string): void {
    this.record({ kind: 'cancelAll', symbol: symbol ?? null });
    for (const order of this.open.values()) if (symbol === undefined || order.symbol === symbol) this.answerCancel(order.clientOrderId, order.symbol);
  }

  snapshot(): Promise<VenueSnapshot> {
    return Promise.resolve({ openOrders: [...this.open.values()], balances: [], positions: [] });
  }

  close(): Promise<void> {
    this.sink = null;
    return Promise.resolve();
  }

  private answerCancel(clientOrderId: string, symbol: string | null): void {
    const order = this.open.get(clientOrderId);
    const head = { clientOrderId, symbol: order?.symbol ?? symbol ?? '', transactTimeMs: null };
    if (order === undefined) this.answer({ ...head, kind: 'cancelRejected', reason: 'Unknown order sent.' });
    else this.answer({ ...head, kind: 'canceled' }, () => this.open.delete(clientOrderId));
  }

  private record(command: VenueCommand): void {
    if (this.sink === null) throw new Error('a command before connect()');
    this.commands.push({ command, context: this.capture() });
  }

  /** Applies `effect` and reports, after the latency (at once when it is 0). */
  private answer(report: ExecutionReport, effect?: () => void): void {
    const deliver = (): void => {
      effect?.();
      this.sink?.report(report);
    };
    if (this.latencyMs === 0) deliver();
    else this.time.after(this.latencyMs, deliver);
  }
}

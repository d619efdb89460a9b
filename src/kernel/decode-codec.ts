// kernel/decode-codec: how the replay decode worker (decode-worker.ts) hands its work to the engine thread.
// The worker reads and merges the files and parses the hot market events (depth diffs, trades, aggregate
// trades, book tickers: the wire parser's fast path); each goes into a batch of float64 numbers, which
// moves between threads without a copy, and comes out on the other side as the very object the parser
// builds (same fields, same order). Anything else — a snapshot, a lifecycle message, a frame the fast path
// is not certain about — travels as its raw message and is parsed by the engine thread as always, so the
// outcome cannot differ from an in-thread replay. Strings (streams, symbols, warnings) are sent once and
// referred to by number afterwards. Also in the stream, in their place: a source's end and warnings.

import type {
  AggTradeEvent,
  BookTickerEvent,
  DepthDiffEvent,
  MarketEvent,
  Product,
  RawMessage,
  TradeEvent,
} from '../model/index.js';

const DEPTH_DIFF = 1;
const TRADE = 2;
const AGG_TRADE = 3;
const BOOK_TICKER = 4;
const RAW = 5;
const SOURCE_END = 6;
const WARNING = 7;

const PRODUCTS: readonly Product[] = ['spot', 'usdm'];

/** One batch as posted: its numbers (the buffer is transferred), new strings, and raw messages. */
export interface DecodedBatch {
  readonly numbers: Float64Array;
  readonly strings: readonly string[];
  readonly raws: readonly RawMessage[];
}

/** What the engine thread does with each item of a batch, in order. */
export interface BatchHandlers {
  market(event: MarketEvent): void;
  raw(raw: RawMessage): void;
  sourceEnd(sourceIndex: number): void;
  warning(message: string): void;
}

/** null is sent as NaN (every real value is a safe integer). */
const orNaN = (value: number | null): number => (value === null ? Number.NaN : value);
const orNull = (value: number): number | null => (value !== value ? null : value);

/** Worker side: fills batches. */
export class BatchEncoder {
  private numbers = new Float64Array(1 << 16);
  private length = 0;
  private strings: string[] = [];
  private raws: RawMessage[] = [];
  private readonly stringIds = new Map<string, number>();
  private lastString: string | null = null;
  private lastStringId = -1;
  private items = 0;

  /** Items (events, raw messages, marks) in the current batch. */
  get size(): number {
    return this.items;
  }

  market(event: MarketEvent): void {
    this.room(16 + (event.kind === 'depthDiff' ? event.bids.length + event.asks.length : 0));
    const n = this.numbers;
    let i = this.length;
    n[i++] = event.kind === 'depthDiff' ? DEPTH_DIFF : event.kind === 'trade' ? TRADE : event.kind === 'aggTrade' ? AGG_TRADE : BOOK_TICKER;
    n[i++] = event.seq;
    n[i++] = event.receiveTimeUs;
    n[i++] = event.connectionId;
    n[i++] = this.stringId(event.stream);
    n[i++] = PRODUCTS.indexOf(event.product);
    n[i++] = this.stringId(event.symbol);
    switch (event.kind) {
      case 'depthDiff':
        n[i++] = event.exchangeTimeMs;
        n[i++] = orNaN(event.transactTimeMs);
        n[i++] = event.firstUpdateId;
        n[i++] = event.finalUpdateId;
        n[i++] = orNaN(event.prevFinalUpdateId);
        n[i++] = event.bids.length;
        n[i++] = event.asks.length;
        for (const v of event.bids) n[i++] = v;
        for (const v of event.asks) n[i++] = v;
        break;
      case 'trade':
      case 'aggTrade':
        if (event.kind === 'trade') n[i++] = event.tradeId;
        else {
          n[i++] = event.aggTradeId;
          n[i++] = event.firstTradeId;
          n[i++] = event.lastTradeId;
        }
        n[i++] = event.priceTicks;
        n[i++] = event.qtyLots;
        n[i++] = event.tradeTimeMs;
        n[i++] = event.exchangeTimeMs;
        n[i++] = event.buyerIsMaker ? 1 : 0;
        break;
      case 'bookTicker':
        n[i++] = event.updateId;
        n[i++] = event.bidTicks;
        n[i++] = event.bidLots;
        n[i++] = event.askTicks;
        n[i++] = event.askLots;
        n[i++] = orNaN(event.exchangeTimeMs);
        n[i++] = orNaN(event.transactTimeMs);
        break;
      default:
        throw new Error(`decode-codec: no encoding for ${event.kind} (send it raw)`);
    }
    this.length = i;
    this.items++;
  }

  raw(raw: RawMessage): void {
    this.mark(RAW, this.raws.length);
    this.raws.push(raw);
  }

  sourceEnd(sourceIndex: number): void {
    this.mark(SOURCE_END, sourceIndex);
  }

  warning(message: string): void {
    this.mark(WARNING, this.stringId(message));
  }

  /** The batch so far (its buffer is handed over: do not reuse it), and a fresh one begun. */
  take(): DecodedBatch {
    const batch = { numbers: this.numbers.subarray(0, this.length), strings: this.strings, raws: this.raws };
    this.numbers = new Float64Array(this.numbers.length);
    this.length = 0;
    this.strings = [];
    this.raws = [];
    this.items = 0;
    return batch;
  }

  private mark(tag: number, value: number): void {
    this.room(2);
    this.numbers[this.length++] = tag;
    this.numbers[this.length++] = value;
    this.items++;
  }

  private stringId(text: string): number {
    // Streams and symbols repeat from one event to the next (the parser hands over the same string).
    if (text === this.lastString) return this.lastStringId;
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.stringIds.size;
      this.stringIds.set(text, id);
      this.strings.push(text);
    }
    this.lastString = text;
    this.lastStringId = id;
    return id;
  }

  private room(count: number): void {
    if (this.length + count <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(this.numbers.length * 2, this.length + count));
    grown.set(this.numbers.subarray(0, this.length));
    this.numbers = grown;
  }
}

/** Engine-thread side: the strings seen so far, and the decoding of each batch in order. */
export class BatchDecoder {
  private readonly strings: string[] = [];

  decode(batch: DecodedBatch, handlers: BatchHandlers): void {
    for (const s of batch.strings) this.strings.push(s);
    const n = batch.numbers;
    const strings = this.strings;
    let i = 0;
    while (i < n.length) {
      const tag = n[i++] as number;
      if (tag === RAW) {
        handlers.raw(batch.raws[n[i++] as number] as RawMessage);
        continue;
      }
      if (tag === SOURCE_END) {
        handlers.sourceEnd(n[i++] as number);
        continue;
      }
      if (tag === WARNING) {
        handlers.warning(strings[n[i++] as number] as string);
        continue;
      }
      const seq = n[i++] as number;
      const receiveTimeUs = n[i++] as number;
      const connectionId = n[i++] as number;
      const stream = strings[n[i++] as number] as string;
      const product = PRODUCTS[n[i++] as number] as Product;
      const symbol = strings[n[i++] as number] as string;
      // Field order as the wire parser builds them (venue/binance/fast-parse.ts).
      if (tag === BOOK_TICKER) {
        const event: BookTickerEvent = {
          kind: 'bookTicker',
          seq,
          receiveTimeUs,
          connectionId,
          stream,
          product,
          symbol,
          updateId: n[i] as number,
          bidTicks: n[i + 1] as number,
          bidLots: n[i + 2] as number,
          askTicks: n[i + 3] as number,
          askLots: n[i + 4] as number,
          exchangeTimeMs: orNull(n[i + 5] as number),
          transactTimeMs: orNull(n[i + 6] as number),
        };
        i += 7;
        handlers.market(event);
      } else if (tag === DEPTH_DIFF) {
        const bidCount = n[i + 5] as number;
        const askCount = n[i + 6] as number;
        const bidStart = i + 7;
        const askStart = bidStart + bidCount;
        const bids = new Array<number>(bidCount);
        for (let k = 0; k < bidCount; k++) bids[k] = n[bidStart + k] as number;
        const asks = new Array<number>(askCount);
        for (let k = 0; k < askCount; k++) asks[k] = n[askStart + k] as number;
        const event: DepthDiffEvent = {
          kind: 'depthDiff',
          seq,
          receiveTimeUs,
          connectionId,
          stream,
          product,
          symbol,
          exchangeTimeMs: n[i] as number,
          transactTimeMs: orNull(n[i + 1] as number),
          firstUpdateId: n[i + 2] as number,
          finalUpdateId: n[i + 3] as number,
          prevFinalUpdateId: orNull(n[i + 4] as number),
          bids,
          asks,
        };
        i = askStart + askCount;
        handlers.market(event);
      } else if (tag === TRADE) {
        const buyerIsMaker = n[i + 5] === 1;
        const event: TradeEvent = {
          kind: 'trade',
          seq,
          receiveTimeUs,
          connectionId,
          stream,
          product,
          symbol,
          tradeId: n[i] as number,
          priceTicks: n[i + 1] as number,
          qtyLots: n[i + 2] as number,
          tradeTimeMs: n[i + 3] as number,
          exchangeTimeMs: n[i + 4] as number,
          buyerIsMaker,
          aggressor: buyerIsMaker ? 'sell' : 'buy',
        };
        i += 6;
        handlers.market(event);
      } else if (tag === AGG_TRADE) {
        const buyerIsMaker = n[i + 7] === 1;
        const event: AggTradeEvent = {
          kind: 'aggTrade',
          seq,
          receiveTimeUs,
          connectionId,
          stream,
          product,
          symbol,
          aggTradeId: n[i] as number,
          firstTradeId: n[i + 1] as number,
          lastTradeId: n[i + 2] as number,
          priceTicks: n[i + 3] as number,
          qtyLots: n[i + 4] as number,
          tradeTimeMs: n[i + 5] as number,
          exchangeTimeMs: n[i + 6] as number,
          buyerIsMaker,
          aggressor: buyerIsMaker ? 'sell' : 'buy',
        };
        i += 8;
        handlers.market(event);
      } else {
        throw new Error(`decode-codec: unknown item ${tag} at ${i - 1}`);
      }
    }
  }
}

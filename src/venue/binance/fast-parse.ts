// venue/binance/fast-parse: the hot path of parseRawMessage. Depth diffs, trades, aggregate trades and
// book tickers are read straight from the frame text — prices and quantities go from their characters to
// integer ticks and lots without a JSON tree, a string per level or an array per level in between.
//
// It is an accelerator, not a second parser: it returns null for anything it is not certain about
// (escapes, unusual shapes, unknown symbols, a price that is not a whole tick, any JSON it would have to
// think about), and parseRawMessage then takes the general path, which gives the answer or the error.
// When it does answer, the event is exactly the one the general path builds (tested on every message of
// the bundled recordings and on mutated frames).

import type {
  AggTradeEvent,
  BookTickerEvent,
  DepthDiffEvent,
  Instrument,
  MarketEvent,
  RawMessage,
  TradeEvent,
} from '../../model/index.js';
import { runToLots, runToTicks, spanToLots, spanToTicks } from '../../model/index.js';
import { scanned } from '../../core/index.js';
import type { InstrumentLookup } from './parse.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const MAX_DEPTH = 32;

// Field slots of the data object, and what each slot holds.
const E_TYPE = 0; // "e"
const E_TIME = 1; // "E"
const T_TIME = 2; // "T"
const SYMBOL = 3; // "s"
const FIRST_ID = 4; // "U"
const UPDATE_ID = 5; // "u"
const PREV_ID = 6; // "pu"
const BID = 7; // "b": bid levels or best bid price
const ASK = 8; // "a": ask levels, best ask price or aggregate trade id
const BID_QTY = 9; // "B"
const ASK_QTY = 10; // "A"
const TRADE_ID = 11; // "t"
const PRICE = 12; // "p"
const QTY = 13; // "q"
const MAKER = 14; // "m"
const FIRST_TRADE = 15; // "f"
const LAST_TRADE = 16; // "l"
const SLOTS = 17;

const ABSENT = 0;
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const LEVELS = 4;
const OTHER = 5;
/** A price or quantity string already converted (value: ticks or lots) while it was read. */
const CONVERTED = 6;

// What a string in each slot is, when it is a number: read as a price (ticks) or a quantity (lots).
const AS_PRICE = 1;
const AS_QTY = 2;
const SLOT_UNIT = new Uint8Array(SLOTS);
SLOT_UNIT[BID] = AS_PRICE;
SLOT_UNIT[ASK] = AS_PRICE;
SLOT_UNIT[PRICE] = AS_PRICE;
SLOT_UNIT[BID_QTY] = AS_QTY;
SLOT_UNIT[ASK_QTY] = AS_QTY;
SLOT_UNIT[QTY] = AS_QTY;

// Scratch state of the one frame being read (parsing is synchronous and never re-entered).
const kind = new Uint8Array(SLOTS);
const spanStart = new Int32Array(SLOTS);
const spanEnd = new Int32Array(SLOTS);
const value = new Float64Array(SLOTS);
let bidLevels: number[] = [];
let askLevels: number[] = [];
let text = '';
let instrument: Instrument | undefined;
let product: RawMessage['product'] = 'spot';
let lookupOf: InstrumentLookup = () => undefined;
/** The value of the last number() call. */
let numberValue = 0;

// The last symbol and stream seen, so a frame of the same ones allocates no string for them.
let lastSymbol = '';
let lastSymbolProduct: RawMessage['product'] | null = null;
let lastInstrument: Instrument | undefined;
let lastStream = '';

/** Thrown inside the reader to give up; caught in fastMarketEvent (never escapes this module). */
const GIVE_UP = new Error('fast path: not certain');

function giveUp(): never {
  throw GIVE_UP;
}

// The scanners take the text and a position and return the position after what they read (locals, not
// module state, in the loops: this is the hot path).

/** Skips JSON whitespace. Binance sends none: kept tiny so that it inlines, the loop is out of line. */
function ws(s: string, i: number): number {
  return s.charCodeAt(i) > 32 ? i : skipWhitespace(s, i);
}

function skipWhitespace(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++i);
  return i;
}

function expect(s: string, i: number, code: number): number {
  i = ws(s, i);
  if (s.charCodeAt(i) !== code) giveUp();
  return i + 1;
}

/** A string without escapes or control characters starting at the quote at i; returns after its closing quote. */
function string(s: string, i: number): number {
  if (s.charCodeAt(i) !== QUOTE) giveUp();
  for (;;) {
    const c = s.charCodeAt(++i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH || c < 32 || c !== c) giveUp(); // c !== c: past the end (NaN)
  }
}

/** A JSON number at i (its value in numberValue: the same double JSON.parse gives); returns after it. */
function number(s: string, i: number): number {
  const start = i;
  if (s.charCodeAt(i) === MINUS) i++;
  const intStart = i;
  let c = s.charCodeAt(i);
  if (c === ZERO) c = s.charCodeAt(++i);
  else if (c > ZERO && c <= NINE) while ((c = s.charCodeAt(++i)) >= ZERO && c <= NINE);
  else giveUp();
  const intEnd = i;
  let plain = true;
  if (c === DOT) {
    plain = false;
    const fraction = ++i;
    while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    if (i === fraction) giveUp();
  }
  if (c === 101 || c === 69) {
    plain = false;
    c = s.charCodeAt(++i);
    if (c === PLUS || c === MINUS) i++;
    const exponent = i;
    while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    if (i === exponent) giveUp();
  }
  if (plain && intEnd - intStart <= 15) {
    let v = 0;
    for (let k = intStart; k < intEnd; k++) v = v * 10 + (s.charCodeAt(k) - ZERO);
    numberValue = start === intStart ? v : -v;
  } else numberValue = Number(s.slice(start, i));
  return i;
}

function literal(s: string, i: number, word: string): number {
  if (!s.startsWith(word, i)) giveUp();
  return i + word.length;
}

/** Skips any JSON value at i (validating it); returns after it. */
function skip(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) giveUp();
  i = ws(s, i);
  const c = s.charCodeAt(i);
  if (c === QUOTE) return string(s, i);
  if (c === 116) return literal(s, i, 'true');
  if (c === 102) return literal(s, i, 'false');
  if (c === 110) return literal(s, i, 'null');
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return number(s, i);
  const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === close) return i + 1;
  for (;;) {
    if (close === CLOSE_BRACE) i = expect(s, string(s, ws(s, i)), COLON);
    i = ws(s, skip(s, i, depth + 1));
    const next = s.charCodeAt(i++);
    if (next === close) return i;
    if (next !== COMMA) giveUp();
  }
}

/** `[["price","qty"],...]` at i (the '['), converted with the frame's instrument into `out`; returns after it. */
function levels(s: string, i: number, out: number[]): number {
  const inst = instrument;
  if (inst === undefined) giveUp(); // "s" after the levels: not the usual layout
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    // Each number is read in one pass that also finds its closing quote.
    i = ws(s, expect(s, i, OPEN_BRACKET));
    if (s.charCodeAt(i) !== QUOTE) giveUp();
    const ticks = runToTicks(inst, s, i + 1);
    if (ticks !== ticks) giveUp(); // NaN: not a plain decimal or not a whole tick
    i = ws(s, expect(s, closingQuote(s), COMMA));
    if (s.charCodeAt(i) !== QUOTE) giveUp();
    const lots = runToLots(inst, s, i + 1);
    if (lots !== lots) giveUp();
    i = expect(s, closingQuote(s), CLOSE_BRACKET);
    out.push(ticks, lots);
    i = ws(s, i);
    const c = s.charCodeAt(i++);
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) giveUp();
  }
}

/** After runToTicks/runToLots: the number must end at a closing quote; returns the position after it. */
function closingQuote(s: string): number {
  const end = scanned.end;
  if (s.charCodeAt(end) !== QUOTE) giveUp();
  return end + 1;
}

/** The slot of a key in text[start, end), or -1 for a key the fast path does not read. */
function slotOf(s: string, start: number, end: number): number {
  const length = end - start;
  const c = s.charCodeAt(start);
  if (length === 2) return c === 112 && s.charCodeAt(start + 1) === 117 ? PREV_ID : -1; // "pu"
  if (length === 4 && s.startsWith('data', start)) giveUp(); // perhaps an envelope in another layout
  if (length !== 1) return -1;
  switch (c) {
    case 101: return E_TYPE; // prettier-ignore
    case 69: return E_TIME; // prettier-ignore
    case 84: return T_TIME; // prettier-ignore
    case 115: return SYMBOL; // prettier-ignore
    case 85: return FIRST_ID; // prettier-ignore
    case 117: return UPDATE_ID; // prettier-ignore
    case 98: return BID; // prettier-ignore
    case 97: return ASK; // prettier-ignore
    case 66: return BID_QTY; // prettier-ignore
    case 65: return ASK_QTY; // prettier-ignore
    case 116: return TRADE_ID; // prettier-ignore
    case 112: return PRICE; // prettier-ignore
    case 113: return QTY; // prettier-ignore
    case 109: return MAKER; // prettier-ignore
    case 102: return FIRST_TRADE; // prettier-ignore
    case 108: return LAST_TRADE; // prettier-ignore
    default: return -1; // prettier-ignore
  }
}

/** A one-letter "key" the fast path does not read as one: a quote, an escape or a control character. */
const NOT_A_KEY = -2;

/** slotOf() of every one-letter key (−1: not read), by its char code. */
const ONE_LETTER_SLOT = Int8Array.from({ length: 128 }, (_, code) =>
  code === QUOTE || code === BACKSLASH || code < 32 ? NOT_A_KEY : slotOf(`"${String.fromCharCode(code)}"`, 1, 2),
);

/** The data object at i, into the slots; returns after it. */
function dataObject(s: string, i: number): number {
  kind.fill(ABSENT);
  instrument = undefined;
  i = ws(s, expect(s, i, OPEN_BRACE));
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    i = ws(s, i);
    let slot: number;
    const c1 = s.charCodeAt(i + 1);
    if (s.charCodeAt(i) === QUOTE && s.charCodeAt(i + 2) === QUOTE && s.charCodeAt(i + 3) === COLON && c1 < 128) {
      // A one-letter key followed at once by its colon: nearly every key Binance sends.
      slot = ONE_LETTER_SLOT[c1] as number;
      if (slot === NOT_A_KEY) giveUp();
      i += 4;
    } else {
      const keyEnd = string(s, i);
      slot = slotOf(s, i + 1, keyEnd - 1);
      i = expect(s, keyEnd, COLON);
    }
    if (slot < 0) i = skip(s, i, 1);
    else {
      if (kind[slot] !== ABSENT) giveUp(); // a repeated key
      i = ws(s, i);
      const c = s.charCodeAt(i);
      const unit = SLOT_UNIT[slot] as number;
      const inst = instrument;
      let converted = Number.NaN;
      // A price or quantity after "s": converted in the same pass that finds its closing quote.
      if (c === QUOTE && unit !== 0 && inst !== undefined) {
        converted = unit === AS_PRICE ? runToTicks(inst, s, i + 1) : runToLots(inst, s, i + 1);
        if (converted === converted && s.charCodeAt(scanned.end) !== QUOTE) converted = Number.NaN;
      }
      if (converted === converted) {
        kind[slot] = CONVERTED;
        value[slot] = converted;
        i = scanned.end + 1;
      } else if (c === QUOTE) {
        // Not a number this path converts (or no instrument yet): kept as a span; build() decides.
        const end = string(s, i);
        kind[slot] = STRING;
        spanStart[slot] = i + 1;
        spanEnd[slot] = end - 1;
        i = end;
        if (slot === SYMBOL) resolveInstrument();
      } else if (c === OPEN_BRACKET && (slot === BID || slot === ASK)) {
        kind[slot] = LEVELS;
        const out: number[] = [];
        i = levels(s, i, out);
        if (slot === BID) bidLevels = out;
        else askLevels = out;
      } else if (c === 116 || c === 102) {
        i = literal(s, i, c === 116 ? 'true' : 'false');
        kind[slot] = BOOLEAN;
        value[slot] = c === 116 ? 1 : 0;
      } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
        i = number(s, i);
        kind[slot] = NUMBER;
        value[slot] = numberValue;
      } else {
        kind[slot] = OTHER;
        i = skip(s, i, 1);
      }
    }
    i = ws(s, i);
    const next = s.charCodeAt(i++);
    if (next === CLOSE_BRACE) return i;
    if (next !== COMMA) giveUp();
  }
}

function resolveInstrument(): void {
  const start = spanStart[SYMBOL] as number;
  const length = (spanEnd[SYMBOL] as number) - start;
  if (lastSymbolProduct !== product || lastSymbol.length !== length || !text.startsWith(lastSymbol, start)) {
    lastSymbol = text.slice(start, start + length);
    lastSymbolProduct = product;
    lastInstrument = lookupOf(product, lastSymbol);
  }
  instrument = lastInstrument;
}

/** Does slot `slot` hold exactly the string `word`? */
function isWord(slot: number, word: string): boolean {
  return kind[slot] === STRING && (spanEnd[slot] as number) - (spanStart[slot] as number) === word.length && text.startsWith(word, spanStart[slot] as number);
}

function int(slot: number): number {
  const v = value[slot] as number;
  if (kind[slot] !== NUMBER || !Number.isSafeInteger(v)) giveUp();
  return v;
}

function optInt(slot: number): number | null {
  return kind[slot] === ABSENT ? null : int(slot);
}

function ticksAt(inst: Instrument, slot: number): number {
  if (kind[slot] === CONVERTED) return value[slot] as number;
  if (kind[slot] !== STRING) giveUp();
  const t = spanToTicks(inst, text, spanStart[slot] as number, spanEnd[slot] as number);
  if (t !== t) giveUp();
  return t;
}

function lotsAt(inst: Instrument, slot: number): number {
  if (kind[slot] === CONVERTED) return value[slot] as number;
  if (kind[slot] !== STRING) giveUp();
  const q = spanToLots(inst, text, spanStart[slot] as number, spanEnd[slot] as number);
  if (q !== q) giveUp();
  return q;
}

const ENVELOPE = '{"stream":"';
const DATA = ',"data":';

/**
 * The market event of a WebSocket frame, read directly; null when the frame is anything else or anything
 * about it is unusual (the general path then decides).
 */
export function fastMarketEvent(raw: RawMessage, lookup: InstrumentLookup): MarketEvent | null {
  const s = raw.payload;
  text = s;
  product = raw.product;
  if (lookupOf !== lookup) {
    lookupOf = lookup;
    lastSymbolProduct = null;
  }
  try {
    let stream = raw.stream;
    let i: number;
    if (s.startsWith(ENVELOPE)) {
      const start = ENVELOPE.length;
      const end = string(s, start - 1) - 1;
      if (lastStream.length !== end - start || !s.startsWith(lastStream, start)) lastStream = s.slice(start, end);
      stream = lastStream;
      if (!s.startsWith(DATA, end + 1)) return null;
      i = expect(s, dataObject(s, end + 1 + DATA.length), CLOSE_BRACE);
    } else {
      i = ws(s, 0);
      if (s.charCodeAt(i) !== OPEN_BRACE) return null;
      i = dataObject(s, i);
    }
    if (ws(s, i) !== s.length) return null;
    return build(raw, stream);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

function build(raw: RawMessage, stream: string): MarketEvent | null {
  if (kind[E_TYPE] !== ABSENT && kind[E_TYPE] !== STRING) return null;
  const depth = isWord(E_TYPE, 'depthUpdate');
  const isTrade = isWord(E_TYPE, 'trade');
  const isAggTrade = isWord(E_TYPE, 'aggTrade');
  const isTicker = isWord(E_TYPE, 'bookTicker') || (kind[E_TYPE] === ABSENT && stream.endsWith('@bookTicker'));
  if (!depth && !isTrade && !isAggTrade && !isTicker) return null;
  const inst = instrument;
  if (kind[SYMBOL] !== STRING || inst === undefined) return null;
  const { seq, receiveTimeUs, connectionId } = raw;
  const symbol = lastSymbol;
  if (isTicker) {
    const event: BookTickerEvent = {
      kind: 'bookTicker',
      seq,
      receiveTimeUs,
      connectionId,
      stream,
      product,
      symbol,
      updateId: int(UPDATE_ID),
      bidTicks: ticksAt(inst, BID),
      bidLots: lotsAt(inst, BID_QTY),
      askTicks: ticksAt(inst, ASK),
      askLots: lotsAt(inst, ASK_QTY),
      exchangeTimeMs: optInt(E_TIME),
      transactTimeMs: optInt(T_TIME),
    };
    return event;
  }
  if (depth) {
    if (kind[BID] !== LEVELS || kind[ASK] !== LEVELS) giveUp();
    const event: DepthDiffEvent = {
      kind: 'depthDiff',
      seq,
      receiveTimeUs,
      connectionId,
      stream,
      product,
      symbol,
      exchangeTimeMs: int(E_TIME),
      transactTimeMs: optInt(T_TIME),
      firstUpdateId: int(FIRST_ID),
      finalUpdateId: int(UPDATE_ID),
      prevFinalUpdateId: optInt(PREV_ID),
      bids: bidLevels,
      asks: askLevels,
    };
    return event;
  }
  if (kind[MAKER] !== BOOLEAN) giveUp();
  const buyerIsMaker = value[MAKER] === 1;
  const execution = {
    priceTicks: ticksAt(inst, PRICE),
    qtyLots: lotsAt(inst, QTY),
    tradeTimeMs: int(T_TIME),
    exchangeTimeMs: int(E_TIME),
    buyerIsMaker,
    aggressor: buyerIsMaker ? ('sell' as const) : ('buy' as const),
  };
  if (isTrade) {
    const event: TradeEvent = { kind: 'trade', seq, receiveTimeUs, connectionId, stream, product, symbol, tradeId: int(TRADE_ID), ...execution };
    return event;
  }
  const event: AggTradeEvent = {
    kind: 'aggTrade',
    seq,
      receiveTimeUs,
      connectionId,
      stream,
      product,
      symbol,
    aggTradeId: int(ASK),
    firstTradeId: int(FIRST_TRADE),
    lastTradeId: int(LAST_TRADE),
    ...execution,
  };
  return event;
}


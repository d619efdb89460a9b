// The simulated account: reservations and rejects, partial fills booked into balances and the position,
// fees in the quote or the base asset, release of exactly the rest, the summary's P&L, drawdown and
// turnover — each hand-computed — and the assets of a symbol.
import { describe, expect, it } from 'vitest';
import { createInstrument, type SpotSymbolRules } from '../../src/model/index.js';
import { DEFAULT_STRATEGY_PARAMS } from '../../src/config/index.js';
import { SimAccount, simAccountSymbol, symbolAssets, type SimAccountSymbol } from '../../src/sim/index.js';

const BTCUSDT = createInstrument({ product: 'spot', symbol: 'BTCUSDT', tickSize: '0.01', lotSize: '0.00001', source: 'test' });
const ETHBTC = createInstrument({ product: 'spot', symbol: 'ETHBTC', tickSize: '0.00001', lotSize: '0.0001', source: 'test' });

/** 100.00 → 10000 ticks; 0.4 → 40000 lots. */
const ticks = (price: number) => Math.round(price * 100);
const lots = (qty: number) => Math.round(qty * 100_000);

function account(feeAsset: 'quote' | 'base' = 'quote', initialBalances: Record<string, string> = { USDT: '10000' }): SimAccount {
  const symbol: SimAccountSymbol = { instrument: BTCUSDT, makerBps: 5, takerBps: 10, feeAsset };
  return new SimAccount({ symbols: [symbol], initialBalances });
}

function fillOf(side: 'buy' | 'sell', price: number, qty: number, liquidity: 'maker' | 'taker', timeUs = 1) {
  return { symbol: 'BTCUSDT', side, priceTicks: ticks(price), qtyLots: lots(qty), liquidity, timeUs };
}

describe('SimAccount', () => {
  it('books a buy in two partial fills, then two partial sells, with fees in the quote asset', () => {
    const a = account();
    // 100 × 1 plus the worst-case fee (10 bps)
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(1))).toBeNull();
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9899.9', locked: '100.1' });

    // maker 0.4 at 100: fee 40 × 5 bps = 0.02; the share 40.04 less 40.02 spent goes back
    expect(a.fill('b1', fillOf('buy', 100, 0.4, 'maker', 10))).toEqual({ fee: '0.02', feeAsset: 'USDT', position: '0.4' });
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9899.92', locked: '60.06' });
    // taker 0.6 at 99.50 (a better price): 59.7 + fee 0.0597 out of the rest 60.06
    expect(a.fill('b1', fillOf('buy', 99.5, 0.6, 'taker', 20))).toEqual({ fee: '0.0597', feeAsset: 'USDT', position: '1' });
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9900.2203', locked: '0' });
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '1', locked: '0' });
    a.release('b1');
    expect(a.balance('USDT').free).toBe('9900.2203');

    expect(a.reserve('s1', 'BTCUSDT', 'sell', ticks(101), lots(0.3))).toBeNull();
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.7', locked: '0.3' });
    // 30.3 − fee 0.01515; realised 30.3 − 99.7 × 0.3 = 0.39
    expect(a.fill('s1', fillOf('sell', 101, 0.3, 'maker', 30))).toEqual({ fee: '0.01515', feeAsset: 'USDT', position: '0.7' });
    a.release('s1');
    expect(a.reserve('s2', 'BTCUSDT', 'sell', ticks(102), lots(0.5))).toBeNull();
    // 20.4 − fee 0.0204; realised 20.4 − 19.94 = 0.46
    expect(a.fill('s2', fillOf('sell', 102, 0.2, 'taker', 40))).toEqual({ fee: '0.0204', feeAsset: 'USDT', position: '0.5' });
    a.release('s2');
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.5', locked: '0' });
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9950.88475', locked: '0' });

    a.mark('BTCUSDT', '103', 50);
    let s = a.summary();
    expect(s.symbols['BTCUSDT']).toEqual({
      base: 'BTC',
      quote: 'USDT',
      position: '0.5',
      avgEntry: '99.7',
      realizedPnl: '0.85',
      // 0.5 × 103 − 49.85
      unrealizedPnl: '1.65',
      fees: '0.11525',
      netPnl: '2.38475',
      turnover: '150.4',
      lastMid: '103',
      fills: 4,
    });
    // the account's value at the mid less the start: 9950.88475 + 0.5 × 103 − 10000
    expect(s.netPnl).toBe('2.38475');
    // net: −0.02, −0.0797 (the trough so far), 0.29515, 0.73475, 2.38475
    expect(s.maxDrawdown).toBe('0.0797');
    expect(s.maxDrawdownUs).toBe(20);

    a.mark('BTCUSDT', '99', 60);
    s = a.summary();
    // 0.85 + (49.5 − 49.85) − 0.11525 = 0.38475: 2 below the peak
    expect(s.netPnl).toBe('0.38475');
    expect(s.maxDrawdown).toBe('2');
    expect(s.maxDrawdownUs).toBe(60);
    expect(s).toMatchObject({ quoteAsset: 'USDT', realizedPnl: '0.85', unrealizedPnl: '-0.35', fees: '0.11525', turnover: '150.4', feesByAsset: { USDT: '0.11525' } });
    expect(s.balances).toEqual({ BTC: { free: '0.5', locked: '0' }, USDT: { free: '9950.88475', locked: '0' } });
  });

  it('charges a base-asset fee in base units, which reduces the position, and values it at the fill price', () => {
    const a = account('base');
    // a buy reserves no fee in the quote asset: the fee comes out of the base received
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(1))).toBeNull();
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9900', locked: '100' });
    expect(a.fill('b1', fillOf('buy', 100, 1, 'taker'))).toEqual({ fee: '0.001', feeAsset: 'BTC', position: '0.999' });
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.999', locked: '0' });
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9900', locked: '0' });

    // a sell reserves its quantity plus the worst-case fee in base
    expect(a.reserve('s1', 'BTCUSDT', 'sell', ticks(110), lots(0.5))).toBeNull();
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.4985', locked: '0.5005' });
    // maker: fee 0.5 × 5 bps = 0.00025 BTC; 0.50025 leave, 0.00025 of the reservation goes back
    expect(a.fill('s1', fillOf('sell', 110, 0.5, 'maker'))).toEqual({ fee: '0.00025', feeAsset: 'BTC', position: '0.49875' });
    a.release('s1');
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.49875', locked: '0' });
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9955', locked: '0' });

    a.mark('BTCUSDT', '110', 2);
    const s = a.summary();
    // realised 110 × 0.50025 − 100 × 0.50025; fees 0.001 × 100 + 0.00025 × 110; unrealised 0.49875 × 110 − 49.875
    expect(s).toMatchObject({ realizedPnl: '5.0025', fees: '0.1275', unrealizedPnl: '4.9875', netPnl: '9.8625', feesByAsset: { BTC: '0.00125' } });
    // 9955 + 0.49875 × 110 − 10000
    expect(s.netPnl).toBe('9.8625');
    expect(s.symbols['BTCUSDT']?.avgEntry).toBe('100');
  });

  it('rejects a sell whose base fee the position cannot carry', () => {
    const a = account('base');
    a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(1));
    a.fill('b1', fillOf('buy', 100, 1, 'taker'));
    expect(a.reserve('s1', 'BTCUSDT', 'sell', ticks(100), lots(0.999))).toBe('insufficient position: needs 0.999999 BTC, position not already offered 0.999 (long-flat)');
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '0.999', locked: '0' });
  });

  it('rejects a buy the free quote cannot pay, naming what it needs and what is free, and locks nothing', () => {
    const a = account('quote', { USDT: '50' });
    // 103.05 × 0.6 = 61.83, plus 10 bps
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(103.05), lots(0.6))).toBe('insufficient balance: needs 61.89183 USDT, free 50');
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '50', locked: '0' });
    // what is locked by an open order is not free
    expect(a.reserve('b2', 'BTCUSDT', 'buy', ticks(40), lots(1))).toBeNull();
    expect(a.reserve('b3', 'BTCUSDT', 'buy', ticks(10), lots(1))).toBe('insufficient balance: needs 10.01 USDT, free 9.96');
  });

  it('rejects a sell beyond the position not already offered by open sells, even with base in the initial balances', () => {
    const a = account('quote', { USDT: '1000', BTC: '5' });
    expect(a.reserve('s0', 'BTCUSDT', 'sell', ticks(100), lots(0.1))).toBe('insufficient position: needs 0.1 BTC, position not already offered 0 (long-flat)');
    a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(0.5));
    a.fill('b1', fillOf('buy', 100, 0.5, 'maker'));
    expect(a.reserve('s1', 'BTCUSDT', 'sell', ticks(100), lots(0.3))).toBeNull();
    expect(a.reserve('s2', 'BTCUSDT', 'sell', ticks(100), lots(0.3))).toBe('insufficient position: needs 0.3 BTC, position not already offered 0.2 (long-flat)');
    a.release('s1');
    expect(a.reserve('s2', 'BTCUSDT', 'sell', ticks(100), lots(0.5))).toBeNull();
    expect(a.balance('BTC')).toEqual({ asset: 'BTC', free: '5', locked: '0.5' });
  });

  it('rejects a second reservation under an open client order id', () => {
    const a = account();
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(0.1))).toBeNull();
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(0.1))).toBe('duplicate order: b1 is already open');
    a.release('b1');
    expect(a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(0.1))).toBeNull();
  });

  it('returns exactly the rest of a partly filled order on release, once', () => {
    const a = account();
    a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(1));
    // maker 0.3 at 100: 30 + fee 0.015 spent; the reservation's share of 0.3 is 30.03
    a.fill('b1', fillOf('buy', 100, 0.3, 'maker'));
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9899.915', locked: '70.07' });
    a.release('b1');
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9969.985', locked: '0' });
    a.release('b1');
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9969.985', locked: '0' });
    expect(() => a.fill('b1', fillOf('buy', 100, 0.1, 'maker'))).toThrow('sim account: a fill of b1, which holds no reservation (never reserved, or released)');
  });

  it('refuses fills an order cannot have — beyond its quantity, beyond its limit, of the other side — and changes nothing', () => {
    const a = account();
    a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(0.5));
    expect(() => a.fill('b1', fillOf('buy', 100, 0.6, 'maker'))).toThrow('sim account: a fill of 60000 lots of b1, which has 50000 left');
    expect(() => a.fill('b1', fillOf('buy', 100.01, 0.1, 'taker'))).toThrow('sim account: a buy fill of b1 at 10001 ticks, beyond its limit 10000');
    expect(() => a.fill('b1', fillOf('sell', 100, 0.1, 'taker'))).toThrow('sim account: a fill of b1 as BTCUSDT sell, reserved as BTCUSDT buy');
    expect(a.balance('USDT')).toEqual({ asset: 'USDT', free: '9949.95', locked: '50.05' });
    expect(a.summary().symbols['BTCUSDT']?.position).toBe('0');
    expect(() => a.reserve('x', 'ETHUSDT', 'buy', 1, 1)).toThrow('sim account: ETHUSDT is not a symbol of this account (BTCUSDT)');
  });

  it('reports balances and positions for the venue snapshot', () => {
    const a = account();
    a.reserve('b1', 'BTCUSDT', 'buy', ticks(100), lots(1));
    a.fill('b1', fillOf('buy', 100, 0.25, 'maker'));
    expect(a.snapshot()).toEqual({
      balances: [
        { asset: 'BTC', free: '0.25', locked: '0' },
        { asset: 'USDT', free: '9899.9125', locked: '75.075' },
      ],
      positions: [{ product: 'spot', symbol: 'BTCUSDT', qty: '0.25', entryPrice: '100', realizedPnl: '0' }],
    });
  });

  it('writes tiny fees as plain decimals, never in exponent notation', () => {
    const a = new SimAccount({ symbols: [{ instrument: BTCUSDT, makerBps: 0.01, takerBps: 0.01, feeAsset: 'quote' }], initialBalances: { USDT: '1' } });
    a.reserve('b1', 'BTCUSDT', 'buy', 1, 1);
    // 0.01 × 0.00001 × 0.000001
    expect(a.fill('b1', { symbol: 'BTCUSDT', side: 'buy', priceTicks: 1, qtyLots: 1, liquidity: 'maker', timeUs: 0 }).fee).toBe('0.0000000000001');
  });

  it('refuses symbols quoted in different assets, since its totals are in one', () => {
    expect(
      () =>
        new SimAccount({
          symbols: [
            { instrument: BTCUSDT, makerBps: 1, takerBps: 1, feeAsset: 'quote' },
            { instrument: ETHBTC, makerBps: 1, takerBps: 1, feeAsset: 'quote' },
          ],
          initialBalances: {},
        }),
    ).toThrow('sim account: every symbol must share one quote asset for the totals: ETHBTC is quoted in BTC, an earlier symbol in USDT');
  });

  it('refuses an initial balance that is not an amount', () => {
    expect(() => account('quote', { USDT: '-1' })).toThrow('sim account: initial balance of USDT must not be below 0, got "-1"');
    expect(() => account('quote', { USDT: 'lots' })).toThrow('sim account: initial balance of USDT must be a decimal string, got "lots"');
  });
});

describe('symbolAssets', () => {
  it('reads the assets off the name by a known quote suffix', () => {
    expect(symbolAssets('BTCUSDT')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(symbolAssets('BTCFDUSD')).toEqual({ base: 'BTC', quote: 'FDUSD' });
    expect(symbolAssets('ETHBTC')).toEqual({ base: 'ETH', quote: 'BTC' });
    expect(symbolAssets('USDTTRY')).toEqual({ base: 'USDT', quote: 'TRY' });
  });

  it('prefers the rules of the recording, and says why when it cannot tell', () => {
    const rules = { symbol: 'XUSDT', baseAsset: 'X', quoteAsset: 'USDT' } as Pick<SpotSymbolRules, 'symbol' | 'baseAsset' | 'quoteAsset'>;
    expect(symbolAssets('XUSDT', rules)).toEqual({ base: 'X', quote: 'USDT' });
    expect(() => symbolAssets('BTCGBP')).toThrow(
      'sim account: cannot tell the base and quote asset of BTCGBP: the recording has no rules for it and its name ends in none of FDUSD, USDT, USDC, BUSD, BTC, ETH, BNB, TRY, EUR',
    );
  });

  it('builds a symbol of the account from the strategy parameters', () => {
    expect(simAccountSymbol(BTCUSDT, { ...DEFAULT_STRATEGY_PARAMS, feeAsset: 'base' })).toEqual({
      instrument: BTCUSDT,
      assets: { base: 'BTC', quote: 'USDT' },
      makerBps: 10,
      takerBps: 10,
      feeAsset: 'base',
    });
  });
});

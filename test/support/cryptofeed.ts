// Reads the cryptofeed sample captures bundled in fixtures/binance/cryptofeed/ into RawMessages (ws frames
// and REST snapshots, merged by receive time): the only real data with several symbols on one connection
// and the aggTrade stream.
import { readFileSync } from 'node:fs';
import type { Product, RawMessage } from '../../src/model/index.js';
import { PROJECT_ROOT } from './fixtures.js';

function toUs(seconds: string): number {
  const [whole, fraction = ''] = seconds.split('.');
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

export function cryptofeedMessages(product: Product, symbols?: readonly string[]): RawMessage[] {
  const base = `${PROJECT_ROOT}fixtures/binance/cryptofeed/${product === 'spot' ? 'BINANCE' : 'BINANCE_FUTURES'}`;
  const wanted = symbols === undefined ? null : new Set(symbols.map((s) => s.toLowerCase()));
  const out: RawMessage[] = [];
  const ws = readFileSync(`${base}.ws.1.0`, 'utf8').split('\n').slice(1);
  for (const line of ws) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const payload = line.slice(colon + 2);
    const stream = /^\{"stream":"([^"]+)"/.exec(payload)?.[1] ?? '';
    if (wanted !== null && !wanted.has(stream.split('@')[0] as string)) continue;
    out.push({ seq: 0, receiveTimeUs: toUs(line.slice(0, colon)), connectionId: 0, product, kind: 'ws', stream, payload });
  }
  for (const line of readFileSync(`${base}.http.0.0`, 'utf8').split('\n')) {
    const match = /symbol=(\w+)&limit=\d+ -> ([0-9.]+): (.*)$/.exec(line);
    if (match === null) continue;
    const symbol = (match[1] as string).toLowerCase();
    if (wanted !== null && !wanted.has(symbol)) continue;
    out.push({ seq: 0, receiveTimeUs: toUs(match[2] as string), connectionId: 0, product, kind: 'rest', stream: `${symbol}@rest.depth`, payload: match[3] as string });
  }
  out.sort((a, b) => a.receiveTimeUs - b.receiveTimeUs);
  return out.map((m, seq) => ({ ...m, seq }));
}

// The order-context registry (DIR/orders.jsonl) as a restart reads it: lines written before each order is
// sent come back whole; a line cut by a crash mid-write is dropped with a warning and cut from the file; a
// bad line anywhere else is one error naming file:line with the file untouched; a full disk (/dev/full: the
// kernel's own ENOSPC) is one clear error, and nothing is registered.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderRegistry, type OrderContext } from '../../src/cli/order-registry.js';
import { ORDERS_FILE, inspectStateDirectory } from '../../src/cli/paper-state.js';
import { UsageError } from '../../src/core/index.js';

const root = mkdtempSync(join(tmpdir(), 'flowdesk-order-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => mkdtempSync(join(root, `d${++n}-`));

function entry(i: number, over: Partial<OrderContext> = {}): OrderContext {
  return {
    clientOrderId: `x-U5D79M5B${String(i).padStart(22, 'a')}`,
    decisionId: `BTCUSDT-${i}`,
    session: 3,
    mode: 'DEMO',
    venue: 'demo',
    timeUs: 1_700_000_000_000_000 + i,
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'LIMIT_MAKER',
    price: '100.01',
    qty: '0.00100',
    reason: 'passive entry: alpha above cost',
    score: 1.25,
    alphaBps: 3.5,
    costBps: null,
    ...over,
  };
}

const lineOf = (e: OrderContext): string => `${JSON.stringify(e)}\n`;

describe('OrderRegistry', () => {
  it('gives back every order registered, in order, after the directory is opened again', () => {
    const dir = freshDir();
    const registry = OrderRegistry.open(dir);
    expect(registry.entries()).toEqual([]);
    registry.record(entry(1));
    registry.record(entry(2, { side: 'sell', type: 'LIMIT_IOC', score: null }));
    registry.close();
    expect(readFileSync(join(dir, ORDERS_FILE), 'utf8')).toBe(lineOf(entry(1)) + lineOf(entry(2, { side: 'sell', type: 'LIMIT_IOC', score: null })));

    const again = OrderRegistry.open(dir);
    expect(again.entries()).toEqual([entry(1), entry(2, { side: 'sell', type: 'LIMIT_IOC', score: null })]);
    expect(again.get(entry(2).clientOrderId)?.decisionId).toBe('BTCUSDT-2');
    expect(again.has(entry(1).clientOrderId)).toBe(true);
    expect(again.ours(entry(1).clientOrderId)).toBe(true);
    expect(again.ours('x-U5D79M5Bsomeoneelse000000000')).toBe(false);
    again.record(entry(3));
    again.close();
    expect(OrderRegistry.open(dir).entries().map((e) => e.decisionId)).toEqual(['BTCUSDT-1', 'BTCUSDT-2', 'BTCUSDT-3']);
  });

  it('refuses an id already registered and a malformed entry, writing nothing', () => {
    const dir = freshDir();
    const registry = OrderRegistry.open(dir);
    registry.record(entry(1));
    expect(() => registry.record(entry(1, { decisionId: 'BTCUSDT-9' }))).toThrow(`order registry: ${entry(1).clientOrderId} is already registered`);
    expect(() => registry.record(entry(2, { price: '1e-7' }))).toThrow('order registry state: field price must be a plain decimal string, got "1e-7"');
    expect(() => registry.record(entry(3, { clientOrderId: 'has space' }))).toThrow('order registry state: field clientOrderId must be 1–36 of [a-zA-Z0-9-_], got "has space"');
    registry.close();
    expect(readFileSync(join(dir, ORDERS_FILE), 'utf8')).toBe(lineOf(entry(1)));
  });

  it('drops a last line cut short by a crash, with a warning, and cuts it from the file', () => {
    const dir = freshDir();
    const path = join(dir, ORDERS_FILE);
    writeFileSync(path, lineOf(entry(1)) + lineOf(entry(2)) + lineOf(entry(3)).slice(0, 40));
    const warnings: string[] = [];
    const registry = OrderRegistry.open(dir, { warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([`trade: ${path}:3 was cut short (a crash while it was written): dropped`]);
    expect(registry.entries()).toEqual([entry(1), entry(2)]);
    expect(readFileSync(path, 'utf8')).toBe(lineOf(entry(1)) + lineOf(entry(2)));
    registry.record(entry(4));
    registry.close();
    expect(OrderRegistry.open(dir).entries()).toEqual([entry(1), entry(2), entry(4)]);
  });

  it('cuts a last line at its first byte even when the crash split a character in it', () => {
    const dir = freshDir();
    const path = join(dir, ORDERS_FILE);
    const cutShort = Buffer.from(lineOf(entry(2, { reason: 'prix élevé' })), 'utf8');
    const at = cutShort.indexOf(Buffer.from('é', 'utf8')) + 1; // inside the two bytes of "é"
    writeFileSync(path, Buffer.concat([Buffer.from(lineOf(entry(1)), 'utf8'), cutShort.subarray(0, at)]));
    const registry = OrderRegistry.open(dir, { warn: () => undefined });
    expect(registry.entries()).toEqual([entry(1)]);
    expect(readFileSync(path, 'utf8')).toBe(lineOf(entry(1)));
    registry.close();
  });

  it('keeps a whole last line that lost only its newline, and ends it', () => {
    const dir = freshDir();
    const path = join(dir, ORDERS_FILE);
    writeFileSync(path, lineOf(entry(1)) + JSON.stringify(entry(2)));
    const warnings: string[] = [];
    const registry = OrderRegistry.open(dir, { warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(registry.entries()).toEqual([entry(1), entry(2)]);
    registry.record(entry(3));
    registry.close();
    expect(readFileSync(path, 'utf8')).toBe(lineOf(entry(1)) + lineOf(entry(2)) + lineOf(entry(3)));
  });

  it('refuses a bad line before the last one, naming file:line, and changes nothing', () => {
    const dir = freshDir();
    const path = join(dir, ORDERS_FILE);
    const cases: [string, string][] = [
      [lineOf(entry(1)) + '{"clientOrderId": "x-U5D\n' + lineOf(entry(3)), 'not JSON'],
      [lineOf(entry(1)) + lineOf({ ...entry(2), qty: 1 } as unknown as OrderContext) + lineOf(entry(3)), 'order registry state: field qty must be a string, got 1'],
      [lineOf(entry(1)) + lineOf(entry(1)) + lineOf(entry(3)), `${entry(1).clientOrderId} is registered twice`],
      [lineOf(entry(1)) + '\n' + lineOf(entry(3)), 'not JSON'],
    ];
    for (const [content, problem] of cases) {
      writeFileSync(path, content);
      let thrown: unknown = null;
      try {
        OrderRegistry.open(dir);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UsageError);
      expect((thrown as Error).message).toContain(`trade: ${path}:2 is not an order of the registry (${problem}`);
      expect((thrown as Error).message).toMatch(/; nothing was changed$/);
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });

  it('throws one clear error when the disk is full, registers nothing, and refuses every later order', () => {
    const dir = freshDir();
    const registry = OrderRegistry.open(dir);
    symlinkSync('/dev/full', join(dir, ORDERS_FILE)); // every write there fails with the kernel's ENOSPC
    expect(() => registry.record(entry(1))).toThrow(`cannot write ${join(dir, ORDERS_FILE)}: ENOSPC`);
    expect(registry.has(entry(1).clientOrderId)).toBe(false);
    expect(() => registry.record(entry(2))).toThrow(`cannot write ${join(dir, ORDERS_FILE)}: ENOSPC`);
    expect(registry.entries()).toEqual([]);
  });

  it('says why a registry cannot be read at all', () => {
    const file = join(freshDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => OrderRegistry.open(file)).toThrow(`trade: cannot read ${join(file, ORDERS_FILE)}: ENOTDIR`);
    const registry = OrderRegistry.open(join(freshDir(), 'missing'));
    expect(() => registry.record(entry(1))).toThrow(/^cannot write .*orders\.jsonl: ENOENT$/);
  });

  it('belongs in a state directory: one holding it is not foreign', () => {
    const dir = freshDir();
    appendFileSync(join(dir, ORDERS_FILE), lineOf(entry(1)));
    expect(inspectStateDirectory(dir)).toMatchObject({ dir, state: null, nextSession: 1 });
  });
});

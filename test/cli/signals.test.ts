// `flowdesk signals` on the bundled real spot recording with the permissive settings: intents are
// produced; the JSON report's counts agree with the journal it wrote (intents = BUY + SELL_INVENTORY lines,
// every NO_TRADE line has a failing gate, no intent has alphaBps ≤ costBps or a failing gate); the digest is
// the SHA-256 of the file; the same input gives the same bytes; bad configuration is one line, exit 2.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess as flowdesk } from '../support/cli-run.js';
import { SPOT_FILES, USDM_FILES } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PERMISSIVE = ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2'].flatMap((s) => ['--set', s]);

interface Gate {
  gate: string;
  pass: boolean;
  value: unknown;
  limit: unknown;
}
interface Line {
  type: string;
  action?: string;
  side?: 'BUY' | 'SELL' | null;
  alphaBps?: number | null;
  costBps?: number | null;
  costParts?: Record<string, number> | null;
  gates?: Gate[];
  intent?: { type: string; side: string; price: string; qty: string } | null;
  reason?: string;
  symbol?: string;
  evaluations?: number;
  rejectedBy?: Record<string, number>;
}

function journal(path: string): { header: Record<string, unknown>; events: Line[] } {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: JSON.parse(head) as Record<string, unknown>, events: lines.map((l) => JSON.parse(l) as Line) };
}

type ByType = Record<'LIMIT_MAKER' | 'LIMIT_IOC', number>;
interface Report {
  evaluations: number;
  intents: { total: number; BUY: ByType; SELL: ByType };
  rejectedBy: Record<string, number>;
  markouts: Record<string, { n: number; censored: number; meanBps: number | null; execMeanBps: number | null; netMeanBps: number | null }>;
  digest: string;
}

function lastJson(stdout: string): Report {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Report;
}

describe('flowdesk signals on the bundled spot recording, permissive settings', async () => {
  const out = join(dir, 'decisions.jsonl');
  const result = await flowdesk(['signals', ...SPOT_FILES, ...PERMISSIVE, '--out', out, '--report', 'json']);
  const report = lastJson(result.stdout);
  const { header, events } = journal(out);
  const decisions = events.filter((e) => e.type === 'decision');

  it('exits 0 and produces intents', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(report.intents.total).toBeGreaterThan(0);
    expect(report.evaluations).toBeGreaterThan(report.intents.total);
  });

  it('counts as many intents as the journal has BUY and SELL_INVENTORY lines, by side and type', () => {
    const trades = decisions.filter((d) => d.action !== 'NO_TRADE');
    expect(trades.length).toBe(report.intents.total);
    for (const side of ['BUY', 'SELL'] as const) {
      for (const type of ['LIMIT_MAKER', 'LIMIT_IOC'] as const) {
        expect(trades.filter((d) => d.intent?.side === side && d.intent.type === type).length).toBe(report.intents[side][type]);
      }
    }
    expect(trades.every((d) => (d.action === 'BUY') === (d.intent?.side === 'BUY'))).toBe(true);
  });

  it('never has an intent with alphaBps ≤ costBps or a failing gate, and every NO_TRADE has a failing gate named by its reason', () => {
    for (const d of decisions) {
      if (d.action === 'NO_TRADE') {
        expect(d.intent).toBeNull();
        const failing = (d.gates ?? []).filter((g) => !g.pass);
        expect(failing.length).toBeGreaterThan(0);
        expect(d.reason).toBe(failing[0]?.gate);
      } else {
        expect(d.alphaBps as number).toBeGreaterThan(d.costBps as number);
        expect((d.gates ?? []).every((g) => g.pass)).toBe(true);
        const parts = Object.values(d.costParts ?? {});
        expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(d.costBps as number, 9);
      }
    }
  });

  it('has the cost and spread gates by those names in every decision', () => {
    for (const d of decisions) {
      const names = (d.gates ?? []).map((g) => g.gate);
      expect(names).toContain('cost');
      expect(names).toContain('spread');
    }
  });

  it('journals a stand-aside decision only when its reason changes', () => {
    let last: string | null = null;
    for (const d of decisions) {
      const key = `${d.action}:${d.reason}`;
      if (d.action === 'NO_TRADE') expect(key).not.toBe(last);
      last = key;
    }
  });

  it('ends with a tally that matches the report', () => {
    const tallies = events.filter((e) => e.type === 'gateTally');
    const final = tallies[tallies.length - 1];
    expect(final?.evaluations).toBe(report.evaluations);
    expect(final?.rejectedBy).toEqual(Object.fromEntries(Object.entries(report.rejectedBy as Record<string, number>).sort(([a], [b]) => (a < b ? -1 : 1))));
  });

  it('reports the SHA-256 of the journal file and names its instruments in the header', () => {
    expect(report.digest).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    expect(header.format).toBe('flowdesk-trading-journal');
  });

  it('reports markouts per horizon with the net edge', () => {
    expect(Object.keys(report.markouts)).toEqual(['250ms', '500ms', '1s', '3s', '5s', '10s']);
    const m = report.markouts['10s'];
    expect(m).toBeDefined();
    if (m === undefined) return;
    expect(m.n + m.censored).toBe(report.intents.total);
    if (m.n > 0) expect(m.netMeanBps as number).toBeLessThan(m.meanBps as number);
  });

  it('gives the same journal, byte for byte, on a second run (and the same digest without --out)', async () => {
    const again = await flowdesk(['signals', ...SPOT_FILES, ...PERMISSIVE, '--report', 'json']);
    expect(lastJson(again.stdout).digest).toBe(report.digest);
  });
});

describe('flowdesk signals refuses bad configuration in one line, exit 2, nothing written', () => {
  it.each([
    [['--set', 'fees.makerBps=-1'], 'fees.makerBps: must be ≥ 0'],
    [['--set', 'nosuch=1'], 'nosuch: is not a field'],
    [['--set', 'alpha.source=missing-model.json'], 'cannot read the model file'],
    [['--config', 'missing-strategy.json'], 'cannot read it'],
  ])('%j', async (args, message) => {
    const out = join(dir, `bad-${message.length}.jsonl`);
    const result = await flowdesk(['signals', ...SPOT_FILES, ...args, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('flowdesk signals with a model file from flowdesk fit', async () => {
  const model = join(dir, 'model.json');
  const fit = await flowdesk(['fit', ...SPOT_FILES, '--train', '4m', '--test', '2m', '--horizon', '10s', '--model', 'ridge', '--out', model, '--report', 'json']);
  const out = join(dir, 'model-decisions.jsonl');
  const free = ['fees.makerBps=0', 'fees.takerBps=0', 'safetyMarginBps=0', 'adverseSelectionBps=0', 'scoreThreshold=-100', 'warmupSeconds=30', 'refill.maxRatio=1000'];
  const result = await flowdesk(['signals', ...SPOT_FILES, '--set', `alpha.source=${model}`, ...free.flatMap((s) => ['--set', s]), '--out', out, '--report', 'json']);
  const decisions = journal(out).events.filter((e) => e.type === 'decision');

  it('takes alphaBps from the model: its prediction, negated for the sell side', () => {
    expect(fit.code).toBe(0);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout).intents.total).toBeGreaterThan(0);
    const withPrediction = decisions.filter((d) => d.alphaBps !== null && d.alphaBps !== undefined);
    expect(withPrediction.length).toBeGreaterThan(0);
    for (const d of withPrediction) {
      const prediction = (d as unknown as { features: Record<string, number | null> }).features['prediction'];
      expect(d.alphaBps).toBe(d.side === 'SELL' ? -(prediction as number) : prediction);
    }
  });
});

describe('flowdesk signals on data of a product the strategy does not trade', () => {
  it('refuses USD-M data alone in one line, exit 2 (its long/short model is not built)', async () => {
    const result = await flowdesk(['signals', ...USDM_FILES]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n').pop()).toBe(
      'flowdesk: signals: no symbol to trade: BTCUSDT: the data is usdm but its strategy trades spot (product in the strategy file; USD-M trading is not built yet)',
    );
  });

  it('trades the spot symbol of a spot and USD-M input and says the USD-M one is not traded', async () => {
    const result = await flowdesk(['signals', ...SPOT_FILES, ...USDM_FILES, ...PERMISSIVE, '--report', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('signals: BTCUSDT (usdm) is not traded: the data is usdm');
    expect(lastJson(result.stdout).intents.total).toBeGreaterThan(0);
  });
});

// The strategy configuration: defaults, the file's per-symbol overrides, `--set` by dotted path (every
// symbol, or symbols.<SYMBOL>.<key>), and one clear line for every bad field.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRATEGY_PARAMS,
  STRATEGY_PATHS,
  defaultStrategyText,
  parseStrategySetting,
  resolveStrategy,
  strategyParamsFor,
} from '../../src/config/index.js';

const resolve = (doc: unknown, sets: string[] = []) => resolveStrategy(doc, sets.map(parseStrategySetting), 'strategy.json');
const problem = (doc: unknown, sets: string[] = []): string => {
  try {
    resolve(doc, sets);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('strategy configuration', () => {
  it('has every key the issue names, conservative by default', () => {
    for (const key of ['scoreThreshold', 'safetyMarginBps', 'orderNotional', 'fees.makerBps', 'fees.takerBps', 'maxSpreadBps', 'alpha.source', 'warmupSeconds', 'adverseSelectionBps', 'latencyMs']) {
      expect(STRATEGY_PATHS).toContain(key);
    }
    expect(DEFAULT_STRATEGY_PARAMS.alpha.source).toBe('baseline');
    expect(DEFAULT_STRATEGY_PARAMS.scoreThreshold).toBeGreaterThan(0);
    expect(DEFAULT_STRATEGY_PARAMS.safetyMarginBps).toBeGreaterThan(0);
    expect(DEFAULT_STRATEGY_PARAMS.fees.tier).toBe('VIP 0');
  });

  it('the default file reads back as the defaults', () => {
    const config = resolve(JSON.parse(defaultStrategyText()));
    expect(config.defaults).toEqual(DEFAULT_STRATEGY_PARAMS);
    expect(config.symbols).toEqual({});
  });

  it('lays a symbol override over the top level; other symbols keep the top level', () => {
    const config = resolve({ scoreThreshold: 1.5, fees: { makerBps: 2 }, symbols: { BTCUSDT: { fees: { takerBps: 4 } } } });
    const btc = strategyParamsFor(config, 'BTCUSDT');
    expect(btc.fees).toEqual({ tier: 'VIP 0', makerBps: 2, takerBps: 4 });
    expect(btc.scoreThreshold).toBe(1.5);
    expect(strategyParamsFor(config, 'ETHUSDT').fees.takerBps).toBe(DEFAULT_STRATEGY_PARAMS.fees.takerBps);
  });

  it('--set key=value applies to every symbol, replacing a per-symbol value; symbols.X.key to one', () => {
    const config = resolve({ symbols: { BTCUSDT: { fees: { makerBps: 3 } }, ETHUSDT: {} } }, ['fees.makerBps=0.1', 'symbols.ETHUSDT.scoreThreshold=0', 'alpha.source=model.json', 'orderNotional="25.50"']);
    expect(strategyParamsFor(config, 'BTCUSDT').fees.makerBps).toBe(0.1);
    expect(strategyParamsFor(config, 'ETHUSDT').fees.makerBps).toBe(0.1);
    expect(strategyParamsFor(config, 'ETHUSDT').scoreThreshold).toBe(0);
    expect(strategyParamsFor(config, 'BTCUSDT').scoreThreshold).toBe(DEFAULT_STRATEGY_PARAMS.scoreThreshold);
    expect(config.defaults.alpha.source).toBe('model.json');
    expect(config.defaults.orderNotional).toBe('25.5');
  });

  it('takes the permissive test setting of the issue', () => {
    const config = resolve(undefined, ['scoreThreshold=0', 'safetyMarginBps=0', 'warmupSeconds=30', 'adverseSelectionBps=0', 'fees.makerBps=0.1', 'fees.takerBps=0.2']);
    expect(config.defaults).toMatchObject({ scoreThreshold: 0, safetyMarginBps: 0, warmupSeconds: 30, adverseSelectionBps: 0, fees: { makerBps: 0.1, takerBps: 0.2 } });
  });

  it('says which field is bad and where it came from, in one line', () => {
    expect(problem({ fees: { makerBps: -1 } })).toBe('strategy config (strategy.json): fees.makerBps: must be ≥ 0, got -1');
    expect(problem({}, ['fees.makerBps=abc'])).toBe('strategy config (--set fees.makerBps=abc): fees.makerBps: must be a number, got "abc"');
    expect(problem({ scoreTreshold: 1 })).toBe('strategy config (strategy.json): scoreTreshold: is not a field (flowdesk strategy --defaults lists every field)');
    expect(problem({}, ['makerBps=1'])).toMatch(/^strategy config \(--set makerBps=1\): makerBps: is not a field; did you mean fees\.makerBps\?/);
    expect(problem({}, ['scoreThreshold'])).toMatch(/expected PATH=VALUE/);
    expect(problem({ symbols: { btcusdt: {} } })).toMatch(/symbols\.btcusdt: is not a symbol name/);
    expect(problem({ symbols: { BTCUSDT: { fees: { bogus: 1 } } } })).toMatch(/symbols\.BTCUSDT\.fees\.bogus: is not a field/);
    expect(problem({ orderNotional: '0' })).toMatch(/orderNotional: must be a positive decimal amount/);
    expect(problem({ orderNotional: 'ten' })).toMatch(/orderNotional: must be a positive decimal amount/);
    expect(problem({ product: 'usdm' })).toMatch(/product: usdm is not supported yet/);
    expect(problem({ vol: { minBps: 5, maxBps: 1 } })).toMatch(/vol\.minBps: must not be above vol\.maxBps/);
    expect(problem([1, 2])).toMatch(/the file must hold a JSON object/);
  });
});

// cli/strategy-config: the strategy options a command shares (`--config strategy.json`, `--set PATH=VALUE`
// any number of times) and their loading: the file read and parsed as JSON, the overrides applied, every
// symbol's parameters validated (config/strategy-document.ts), and each model file that `alpha.source`
// names read and checked (research's parseModelFile). Paths are relative to the working directory. Every
// problem is one UsageError line (exit 2) naming the file or the --set and the field.

import { readFile } from 'node:fs/promises';
import { parseStrategySetting, repeated, resolveStrategy, text, type StrategyConfig } from '../config/index.js';
import { UsageError } from '../core/index.js';
import { ModelFileError, parseModelFile, type ModelFile } from '../research/index.js';

export const STRATEGY_OPTIONS = {
  config: text({ help: 'the strategy configuration (JSON; docs/STRATEGY.md); every field at its default without it', placeholder: 'FILE.json', accepts: 'a file path', example: 'strategy.json' }),
  set: repeated(
    text({
      help: 'override one field by its dotted path: key=value for every symbol, symbols.SYMBOL.key=value for one',
      placeholder: 'PATH=VALUE',
      accepts: 'PATH=VALUE, such as fees.makerBps=0.1',
      example: 'scoreThreshold=0',
    }),
  ),
};

/** The configuration of `--config` (or none: the defaults) with every `--set` applied, validated. */
export async function loadStrategyConfig(configPath: string | undefined, sets: readonly string[]): Promise<StrategyConfig> {
  const settings = sets.map(parseStrategySetting);
  let document: unknown;
  if (configPath !== undefined) {
    let body: string;
    try {
      body = await readFile(configPath, 'utf8');
    } catch (error) {
      throw new UsageError(`strategy config ${configPath}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      document = JSON.parse(body) as unknown;
    } catch (error) {
      throw new UsageError(`strategy config (${configPath}): not JSON: ${(error as Error).message}`);
    }
  }
  return resolveStrategy(document, settings, configPath ?? 'defaults');
}

/** The model files the configuration's `alpha.source` fields name (by path), each read and checked once. */
export async function loadStrategyModels(config: StrategyConfig): Promise<ReadonlyMap<string, ModelFile>> {
  const uses = [['', config.defaults] as const, ...Object.entries(config.symbols).map(([symbol, p]) => [`symbols.${symbol}.`, p] as const)];
  const models = new Map<string, ModelFile>();
  for (const [prefix, params] of uses) {
    const source = params.alpha.source;
    if (source === 'baseline' || models.has(source)) continue;
    const where = `strategy config: ${prefix}alpha.source: ${source}`;
    let body: string;
    try {
      body = await readFile(source, 'utf8');
    } catch (error) {
      throw new UsageError(`${where}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    let value: unknown;
    try {
      value = JSON.parse(body) as unknown;
    } catch (error) {
      throw new UsageError(`${where}: the model file is not JSON: ${(error as Error).message}`);
    }
    try {
      models.set(source, parseModelFile(value));
    } catch (error) {
      if (error instanceof ModelFileError) throw new UsageError(`${where}: ${error.message}`);
      throw error;
    }
  }
  return models;
}

// cli/commands/strategy: `flowdesk strategy --defaults` prints the default strategy file (every field at
// its default; docs/STRATEGY.md comments each); `flowdesk strategy [--config FILE] [--set PATH=VALUE]...`
// checks a configuration (and the model files it names) and prints it resolved: the top level and every
// symbol's full parameters — itself a valid strategy file. Nothing is replayed.

import { flag } from '../../config/index.js';
import { UsageError } from '../../core/index.js';
import { defaultStrategyText } from '../../config/index.js';
import { defineCommand } from '../command.js';
import { STRATEGY_OPTIONS, loadStrategyConfig, loadStrategyModels } from '../strategy-config.js';

const OPTIONS = {
  defaults: flag('print the default strategy file (every field at its default) and exit'),
  ...STRATEGY_OPTIONS,
};

export const strategyCommand = defineCommand({
  name: 'strategy',
  summary: 'print the default strategy configuration, or check one and print it resolved',
  description: `With --defaults, prints the default strategy file: JSON with every field at its default (docs/STRATEGY.md
says what each means, its unit and its range). Otherwise reads --config (or the defaults), applies every
--set, checks every field and every model file alpha.source names, and prints the configuration resolved:
the top level and each symbol's full parameters, itself a valid --config file. A bad field is one line
naming it, exit 2.`,
  operands: null,
  options: OPTIONS,
  usesSecrets: false,
  async run({ values }, context) {
    if (values.defaults) {
      if (values.config !== undefined || values.set.length > 0) throw new UsageError('strategy: --defaults prints the defaults; it takes no --config or --set');
      context.io.stdout.write(defaultStrategyText());
      return 0;
    }
    const config = await loadStrategyConfig(values.config, values.set);
    await loadStrategyModels(config);
    context.io.stdout.write(`${JSON.stringify({ ...config.defaults, symbols: config.symbols }, null, 2)}\n`);
    return 0;
  },
});

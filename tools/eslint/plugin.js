// The local ESLint plugin `flowdesk` (registered in eslint.config.js). Plain JS ESM: no build step.
import { determinismRule } from './determinism-rule.js';
import { layersRule } from './layer-rule.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'flowdesk', version: '0.1.0' },
  rules: {
    layers: layersRule,
    determinism: determinismRule,
  },
};

export default plugin;

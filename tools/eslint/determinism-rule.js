// flowdesk/determinism: engine code takes time from the injected Clock and randomness from a seeded RNG.
//
// Plain JS (ESM) with JSDoc types so that ESLint loads it without a build step. eslint.config.js applies it
// to src/** except src/cli/** and src/tui/**.
//
// Forbidden (when the names refer to the globals, `globalThis.X`, or bindings imported from Node built-ins
// such as `node:timers/promises`, `node:perf_hooks`, `node:process`; a local variable of the same name is
// fine):
//   Date.now, Date() / new Date() with no arguments, Math.random, performance.now, process.hrtime
//   (and process.hrtime.bigint), and calls of setTimeout / setInterval / setImmediate.

import { builtinModules } from 'node:module';

export const DETERMINISM_MESSAGE =
  'engine code must take time from the injected Clock / randomness from a seeded RNG (docs/ARCHITECTURE.md)';

/** Global object -> members that read the wall clock or an unseeded RNG. */
const CLOCK_MEMBERS = Object.freeze({
  Date: ['now'],
  Math: ['random'],
  performance: ['now'],
  process: ['hrtime'],
});

/** Global functions whose calls schedule on the wall clock. */
const TIMER_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** Built-in modules whose default / namespace import stands for the global of the same name. */
const MODULE_GLOBALS = Object.freeze({ process: 'process' });

/** @param {unknown} source */
function builtinBase(source) {
  if (typeof source !== 'string') return undefined;
  if (source.startsWith('node:')) return source.slice('node:'.length);
  return builtinModules.includes(source) ? source : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const determinismRule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid wall-clock time, unseeded randomness and timers in engine code (docs/ARCHITECTURE.md)',
    },
    schema: [],
    messages: {
      forbidden: `{{what}}: ${DETERMINISM_MESSAGE}`,
    },
  },

  create(context) {
    const sourceCode = context.sourceCode;

    /**
     * The variable `id` refers to, or undefined for an undeclared global.
     * @param {any} id Identifier
     */
    function findVariable(id) {
      /** @type {import('eslint').Scope.Scope | null} */
      let scope = sourceCode.getScope(id);
      while (scope) {
        const variable = scope.set.get(id.name);
        if (variable) return variable;
        scope = scope.upper;
      }
      return undefined;
    }

    /**
     * What an identifier stands for: the global name (`Date`, `setTimeout`, ...), a built-in module
     * namespace (`module:timers`), or undefined for a local binding.
     * @param {any} id Identifier
     * @returns {string | undefined}
     */
    function identifierMeaning(id) {
      const variable = findVariable(id);
      if (!variable || variable.defs.length === 0) return id.name; // global (configured, lib or undeclared)
      if (variable.defs.length !== 1) return undefined;
      const def = /** @type {any} */ (variable.defs[0]);
      if (def.type !== 'ImportBinding' || def.parent?.type !== 'ImportDeclaration') return undefined;
      const base = builtinBase(def.parent.source.value);
      if (base === undefined) return undefined;
      const spec = def.node;
      if (spec.type === 'ImportSpecifier') {
        return spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
      }
      return Object.prototype.hasOwnProperty.call(MODULE_GLOBALS, base)
        ? MODULE_GLOBALS[/** @type {keyof typeof MODULE_GLOBALS} */ (base)]
        : `module:${base}`;
    }

    /** @param {any} member MemberExpression */
    function propertyName(member) {
      if (!member.computed && member.property.type === 'Identifier') return member.property.name;
      if (member.computed && member.property.type === 'Literal') return String(member.property.value);
      return undefined;
    }

    /**
     * Global name an expression denotes: `Date`, `globalThis.Date`, `timers.setTimeout` (namespace import
     * of a built-in), or undefined.
     * @param {any} node
     * @returns {string | undefined}
     */
    function globalName(node) {
      if (!node) return undefined;
      if (node.type === 'Identifier') {
        const meaning = identifierMeaning(node);
        return meaning?.startsWith('module:') ? undefined : meaning;
      }
      if (node.type === 'MemberExpression' && node.object.type === 'Identifier') {
        const objectMeaning = identifierMeaning(node.object);
        if (objectMeaning === 'globalThis' || objectMeaning?.startsWith('module:')) {
          return propertyName(node);
        }
      }
      if (node.type === 'ChainExpression') return globalName(node.expression);
      return undefined;
    }

    /**
     * @param {import('estree').Node} node
     * @param {string} what
     */
    function report(node, what) {
      context.report({ node, messageId: 'forbidden', data: { what } });
    }

    return {
      MemberExpression(node) {
        const object = globalName(node.object);
        if (object === undefined || !Object.prototype.hasOwnProperty.call(CLOCK_MEMBERS, object)) return;
        const property = propertyName(node);
        const members = CLOCK_MEMBERS[/** @type {keyof typeof CLOCK_MEMBERS} */ (object)];
        if (property !== undefined && members.includes(property)) {
          report(node, `${object}.${property}${object === 'process' ? '' : '()'}`);
        }
      },
      NewExpression(node) {
        if (node.arguments.length === 0 && globalName(node.callee) === 'Date') report(node, 'new Date()');
      },
      CallExpression(node) {
        const name = globalName(node.callee);
        if (name === 'Date') report(node, 'Date()');
        else if (name !== undefined && TIMER_FUNCTIONS.has(name)) report(node, `${name}()`);
      },
    };
  },
};

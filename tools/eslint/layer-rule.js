// flowdesk/layers: the layer rule of docs/ARCHITECTURE.md.
//
// Plain JS (ESM) with JSDoc types so that ESLint loads it without a build step.
//
// The source tree is divided into top-level folders under src/, each with a rank (LAYERS below).
// A file in folder F may import a relative module in folder G only if G == F or rank(G) < rank(F),
// and only through G's front door (src/G/index.js, or src/G/S/index.js for a second-level subfolder).
// Packages may be imported only from the folders listed for them in PACKAGES; Node built-ins always.
// Folders in TEST_ONLY (the loopback exchange) are imported by no other folder: tests and benchmarks only.

import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Layer table: top-level folder under src/ -> rank. A folder may import only from its own folder
 * and from folders of a strictly lower rank. Keep in sync with docs/ARCHITECTURE.md.
 * @type {Readonly<Record<string, number>>}
 */
export const LAYERS = Object.freeze({
  core: 0,
  model: 1,
  book: 2,
  recording: 2,
  config: 2,
  log: 2,
  features: 3,
  research: 3,
  sim: 3,
  venue: 3,
  signal: 4,
  risk: 4,
  execution: 4,
  kernel: 5,
  tui: 6,
  cli: 7,
  loopback: 6,
});

/**
 * Test infrastructure: folders that no other folder under src/ may import, whatever their rank, so they
 * stay off the product's runtime path (and their packages, such as `ws`, stay dev dependencies).
 * @type {ReadonlySet<string>}
 */
export const TEST_ONLY = new Set(['loopback']);

/**
 * Package table: package name -> the folders (paths relative to src/, a folder covers everything
 * below it) whose files may import it, or '*' for every folder. Node built-ins (`node:fs`, `fs`, ...)
 * are always allowed. A package that is not listed here may not be imported from src/ at all.
 * @type {Readonly<Record<string, '*' | readonly string[]>>}
 */
export const PACKAGES = Object.freeze({
  'decimal.js': '*',
  binance: ['venue/binance'],
  ink: ['tui', 'cli'],
  chalk: ['tui'],
  react: ['tui', 'cli'],
  'ink-testing-library': ['tui', 'cli'],
  pino: ['log'],
  zod: ['config', 'venue/binance/execution'],
  dotenv: ['config'],
  ws: ['loopback'],
});

/** File names that make a module the front door of its folder. */
const FRONT_DOOR_FILES = new Set(['index.js', 'index.ts']);

const ARCHITECTURE_HINT = 'add it to docs/ARCHITECTURE.md and the layer table';

/** @param {string} p */
const toPosix = (p) => p.split(path.sep).join('/');

/**
 * Folders of a strictly lower rank than `folder`, by rank then table order.
 * @param {string} folder
 * @returns {string}
 */
function allowedBelow(folder) {
  const rank = LAYERS[folder];
  if (rank === undefined) return 'nothing (unknown layer)';
  const lower = Object.entries(LAYERS)
    .filter(([, r]) => r < rank)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
  return lower.length === 0 ? `nothing outside src/${folder} (bottom layer)` : lower.join(', ');
}

/**
 * Package name of a bare specifier: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`.
 * @param {string} specifier
 */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : /** @type {string} */ (parts[0]);
}

/** @param {string} specifier */
function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** @param {string} specifier */
function isPathSpecifier(specifier) {
  return (
    specifier === '.' ||
    specifier === '..' ||
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    path.isAbsolute(specifier)
  );
}

/**
 * @param {string} relDir posix path of a folder relative to src/ (e.g. `venue/binance/ws`)
 * @param {string} owner posix folder relative to src/ (e.g. `venue/binance`)
 */
function isWithin(relDir, owner) {
  return relDir === owner || relDir.startsWith(`${owner}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Enforce the layer table, folder front doors and package ownership of docs/ARCHITECTURE.md',
    },
    schema: [
      {
        type: 'object',
        properties: {
          srcDir: { type: 'string', description: 'absolute path of src/ (default: <cwd>/src)' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      unknownFolder: `unknown layer folder src/{{folder}}: ${ARCHITECTURE_HINT}`,
      fileOutsideLayer:
        'src/{{file}} is not in a layer folder: move it into one of the layer folders under src/ ({{folders}})',
      testOnly:
        'src/{{from}} may not import src/{{to}}: src/{{to}} is test infrastructure (a fake exchange for tests and benchmarks), never on the product\'s runtime path',
      upward:
        'src/{{from}} may not import src/{{to}} (layer {{toRank}} is above layer {{fromRank}}); allowed: {{allowed}}',
      sameRank:
        'src/{{from}} may not import src/{{to}} (same layer {{rank}}); allowed: {{allowed}}',
      targetOutsideLayer:
        'src/{{from}} may not import src/{{target}}: it is not in a layer folder; allowed: {{allowed}}',
      frontDoor:
        'src/{{from}} may not import the deep file src/{{target}}; import from {{suggestion}} (the front door of src/{{door}})',
      outsideSrc:
        'src/{{from}} may not import {{specifier}}: it resolves outside src/ (to {{resolved}}); allowed: modules under src/ and packages from the package table',
      packageNotAllowed:
        "src/{{from}} may not import package '{{pkg}}'; allowed only in: {{owners}}",
      unknownPackage:
        "package '{{pkg}}' is not in the package table: add it to PACKAGES in tools/eslint/layer-rule.js with the folders allowed to import it (and to docs/ARCHITECTURE.md)",
    },
  },

  create(context) {
    const options = /** @type {{ srcDir?: string } | undefined} */ (context.options[0]);
    const srcDir = path.resolve(options?.srcDir ?? path.join(context.cwd, 'src'));
    const projectDir = path.dirname(srcDir);
    const filename = path.resolve(context.filename);
    const relFile = path.relative(srcDir, filename);
    if (relFile === '' || relFile.startsWith('..') || path.isAbsolute(relFile)) return {};

    const fileSegments = toPosix(relFile).split('/');
    const fileDir = path.dirname(filename);
    const relFileDir = toPosix(path.relative(srcDir, fileDir));
    /** Top-level folder of this file, or undefined for a file directly in src/. */
    const folder = fileSegments.length > 1 ? fileSegments[0] : undefined;
    const fromRank = folder === undefined ? undefined : LAYERS[folder];

    /**
     * @param {import('estree').Node} node the string literal holding the specifier
     * @param {string} specifier
     */
    function checkSpecifier(node, specifier) {
      if (isPathSpecifier(specifier)) {
        checkRelative(node, specifier);
      } else if (!isBuiltin(specifier) && !specifier.includes(':')) {
        checkPackage(node, specifier);
      }
    }

    /**
     * @param {import('estree').Node} node
     * @param {string} specifier
     */
    function checkRelative(node, specifier) {
      const target = path.resolve(fileDir, specifier);
      const relTarget = path.relative(srcDir, target);
      if (relTarget === '' || relTarget.startsWith('..') || path.isAbsolute(relTarget)) {
        context.report({
          node,
          messageId: 'outsideSrc',
          data: {
            from: folder ?? toPosix(relFile),
            specifier,
            resolved: toPosix(path.relative(projectDir, target)) || '.',
          },
        });
        return;
      }
      // A file outside any layer (or in an unknown folder) is already reported once, at the top of the file.
      if (folder === undefined || fromRank === undefined) return;

      const targetSegments = toPosix(relTarget).split('/');
      const to = /** @type {string} */ (targetSegments[0]);
      if (to === folder) return;

      if (targetSegments.length === 1) {
        context.report({
          node,
          messageId: 'targetOutsideLayer',
          data: { from: folder, target: toPosix(relTarget), allowed: allowedBelow(folder) },
        });
        return;
      }
      const toRank = LAYERS[to];
      if (toRank === undefined) {
        context.report({ node, messageId: 'unknownFolder', data: { folder: to } });
        return;
      }
      if (TEST_ONLY.has(to)) {
        context.report({ node, messageId: 'testOnly', data: { from: folder, to } });
        return;
      }
      if (toRank > fromRank) {
        context.report({
          node,
          messageId: 'upward',
          data: {
            from: folder,
            to,
            toRank: String(toRank),
            fromRank: String(fromRank),
            allowed: allowedBelow(folder),
          },
        });
        return;
      }
      if (toRank === fromRank) {
        context.report({
          node,
          messageId: 'sameRank',
          data: { from: folder, to, rank: String(toRank), allowed: allowedBelow(folder) },
        });
        return;
      }

      // Front doors: src/G/index.js, or src/G/S/index.js for a second-level subfolder S.
      const last = /** @type {string} */ (targetSegments[targetSegments.length - 1]);
      const isFrontDoor =
        (targetSegments.length === 2 || targetSegments.length === 3) && FRONT_DOOR_FILES.has(last);
      if (!isFrontDoor) {
        const doorSegments = targetSegments.length >= 4 ? targetSegments.slice(0, 2) : [to];
        let suggestion = toPosix(
          path.relative(fileDir, path.join(srcDir, ...doorSegments, 'index.js')),
        );
        if (!suggestion.startsWith('.')) suggestion = `./${suggestion}`;
        context.report({
          node,
          messageId: 'frontDoor',
          data: {
            from: folder,
            target: toPosix(relTarget),
            suggestion,
            door: doorSegments.join('/'),
          },
        });
      }
    }

    /**
     * @param {import('estree').Node} node
     * @param {string} specifier
     */
    function checkPackage(node, specifier) {
      const pkg = packageName(specifier);
      const owners = Object.prototype.hasOwnProperty.call(PACKAGES, pkg) ? PACKAGES[pkg] : undefined;
      if (owners === undefined) {
        context.report({ node, messageId: 'unknownPackage', data: { pkg } });
        return;
      }
      if (owners === '*') return;
      if (owners.some((owner) => isWithin(relFileDir, owner))) return;
      context.report({
        node,
        messageId: 'packageNotAllowed',
        data: {
          from: relFileDir === '' ? toPosix(relFile) : relFileDir,
          pkg,
          owners: owners.map((o) => `src/${o}`).join(', '),
        },
      });
    }

    /**
     * Checks `node` if it is a string literal (or a template literal without expressions).
     * @param {any} node
     */
    function checkSource(node) {
      if (!node) return;
      if (node.type === 'Literal' && typeof node.value === 'string') {
        checkSpecifier(node, node.value);
      } else if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
        checkSpecifier(node, node.quasis[0].value.cooked ?? node.quasis[0].value.raw);
      }
    }

    return {
      Program(node) {
        if (folder === undefined) {
          context.report({
            node,
            loc: { line: 1, column: 0 },
            messageId: 'fileOutsideLayer',
            data: { file: toPosix(relFile), folders: Object.keys(LAYERS).join(', ') },
          });
        } else if (fromRank === undefined) {
          context.report({
            node,
            loc: { line: 1, column: 0 },
            messageId: 'unknownFolder',
            data: { folder },
          });
        }
      },
      ImportDeclaration(node) {
        checkSource(node.source);
      },
      ExportNamedDeclaration(node) {
        checkSource(node.source);
      },
      ExportAllDeclaration(node) {
        checkSource(node.source);
      },
      ImportExpression(node) {
        checkSource(node.source);
      },
      // require('x') with a literal, should one ever appear in ESM code.
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          checkSource(node.arguments[0]);
        }
      },
      // TypeScript: `import x = require('x')` and `typeof import('x')` in types.
      /** @param {any} node */
      TSExternalModuleReference(node) {
        checkSource(node.expression);
      },
      /** @param {any} node */
      TSImportType(node) {
        const arg = node.argument;
        checkSource(arg && arg.type === 'TSLiteralType' ? arg.literal : arg);
      },
    };
  },
};

// Proves that the real eslint.config.js enforces docs/ARCHITECTURE.md: layers, front doors, package
// ownership, engine determinism and no console. Lints code under virtual paths (the files need not exist).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLOCK_MESSAGE =
  'engine code must take time from the injected Clock / randomness from a seeded RNG (docs/ARCHITECTURE.md)';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: projectRoot,
    overrideConfigFile: path.join(projectRoot, 'eslint.config.js'),
  });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  return result.messages;
}

/** Asserts that exactly the given rule fired (at least once, and nothing else did), with `fragment` in a message. */
async function expectViolation(
  filePath: string,
  code: string,
  ruleId: string,
  fragment: string,
): Promise<void> {
  const messages = await lint(filePath, code);
  expect(messages.map((m) => m.ruleId)).toContain(ruleId);
  expect(messages.filter((m) => m.ruleId !== ruleId)).toEqual([]);
  expect(messages.filter((m) => m.ruleId === ruleId).map((m) => m.message).join('\n')).toContain(fragment);
}

async function expectClean(filePath: string, code: string): Promise<void> {
  expect(await lint(filePath, code)).toEqual([]);
}

describe('flowdesk/layers', () => {
  it('fails when a lower layer imports a higher one', async () => {
    await expectViolation(
      'src/book/x.ts',
      "import { Kernel } from '../kernel/index.js';\nexport const k = Kernel;\n",
      'flowdesk/layers',
      'src/book may not import src/kernel (layer 5 is above layer 2); allowed: core, model',
    );
  });

  it('fails when a folder imports another folder of the same rank', async () => {
    await expectViolation(
      'src/book/x.ts',
      "import { Recorder } from '../recording/index.js';\nexport const r = Recorder;\n",
      'flowdesk/layers',
      'src/book may not import src/recording (same layer 2); allowed: core, model',
    );
  });

  it('fails when a file imports a deep file across folders', async () => {
    await expectViolation(
      'src/kernel/x.ts',
      "import { OrderBook } from '../book/order-book.js';\nexport const b = OrderBook;\n",
      'flowdesk/layers',
      'import from ../book/index.js',
    );
  });

  it('passes when a file imports another folder through its front door', async () => {
    await expectClean(
      'src/kernel/x.ts',
      "import { OrderBook } from '../book/index.js';\nexport const b = OrderBook;\n",
    );
  });

  it('treats a second-level subfolder index as a front door, but not the files below it', async () => {
    await expectClean(
      'src/kernel/x.ts',
      "import { a } from '../venue/binance/index.js';\nimport { b } from '../venue/index.js';\nexport const c = [a, b];\n",
    );
    await expectViolation(
      'src/kernel/x.ts',
      "import { WsClient } from '../venue/binance/ws/client.js';\nexport const w = WsClient;\n",
      'flowdesk/layers',
      'import from ../venue/binance/index.js',
    );
  });

  it('passes when a file imports a lower layer or its own folder', async () => {
    await expectClean(
      'src/kernel/sub/x.ts',
      [
        "import { Price } from '../../core/index.js';",
        "import type { Order } from '../../model/index.js';",
        "export { Engine } from '../engine.js';",
        "export * from './y.js';",
        'export type P = Price | Order;',
        '',
      ].join('\n'),
    );
  });

  it('fails when a src file imports a relative module outside src/', async () => {
    await expectViolation(
      'src/book/x.ts',
      "import { helper } from '../../test/support/helper.js';\nexport const h = helper;\n",
      'flowdesk/layers',
      'src/book may not import ../../test/support/helper.js: it resolves outside src/',
    );
  });

  it('fails for a file in an unknown top-level folder', async () => {
    await expectViolation(
      'src/x/thing.ts',
      'export const thing = 1;\n',
      'flowdesk/layers',
      'unknown layer folder src/x: add it to docs/ARCHITECTURE.md and the layer table',
    );
  });

  it('fails for an import of an unknown top-level folder', async () => {
    await expectViolation(
      'src/kernel/x.ts',
      "import { y } from '../x/index.js';\nexport const z = y;\n",
      'flowdesk/layers',
      'unknown layer folder src/x',
    );
  });

  it('applies the rule to dynamic import() with a string literal', async () => {
    await expectViolation(
      'src/model/x.ts',
      "export const load = () => import('../kernel/index.js');\n",
      'flowdesk/layers',
      'src/model may not import src/kernel (layer 5 is above layer 1); allowed: core',
    );
    await expectViolation(
      'src/kernel/x.ts',
      "export const load = () => import('../book/order-book.js');\n",
      'flowdesk/layers',
      'import from ../book/index.js',
    );
    await expectClean('src/kernel/x.ts', "export const load = () => import('../book/index.js');\n");
  });

  it('fails when product code imports the loopback exchange, which only tests and benchmarks may use', async () => {
    for (const from of ['src/cli/x.ts', 'src/cli/commands/x.ts']) {
      await expectViolation(
        from,
        `import { LoopbackExchange } from '${from.includes('commands') ? '../../' : '../'}loopback/index.js';\nexport const x = LoopbackExchange;\n`,
        'flowdesk/layers',
        'src/loopback is test infrastructure (a fake exchange for tests and benchmarks)',
      );
    }
    await expectViolation(
      'src/cli/x.ts',
      "export const load = () => import('../loopback/index.js');\n",
      'flowdesk/layers',
      'src/cli may not import src/loopback',
    );
  });

  it('applies the rule to export ... from', async () => {
    await expectViolation(
      'src/book/x.ts',
      "export { Recorder } from '../recording/index.js';\n",
      'flowdesk/layers',
      'src/book may not import src/recording (same layer 2)',
    );
  });
});

describe('flowdesk/layers packages', () => {
  it('fails when binance is imported outside src/venue/binance', async () => {
    await expectViolation(
      'src/venue/x.ts',
      "import { MainClient } from 'binance';\nexport const c = MainClient;\n",
      'flowdesk/layers',
      "may not import package 'binance'; allowed only in: src/venue/binance",
    );
    await expectViolation(
      'src/kernel/x.ts',
      "import { WebsocketClient } from 'binance/lib/websocket-client.js';\nexport const c = WebsocketClient;\n",
      'flowdesk/layers',
      "src/kernel may not import package 'binance'",
    );
  });

  it('passes when binance is imported inside src/venue/binance', async () => {
    await expectClean(
      'src/venue/binance/ws/stream.ts',
      "import { WebsocketClient } from 'binance';\nexport const c = WebsocketClient;\n",
    );
  });

  it('fails when pino is imported outside src/log', async () => {
    await expectViolation(
      'src/book/x.ts',
      "import pino from 'pino';\nexport const log = pino();\n",
      'flowdesk/layers',
      "src/book may not import package 'pino'; allowed only in: src/log",
    );
    await expectClean('src/log/x.ts', "import pino from 'pino';\nexport const log = pino();\n");
  });

  it('fails when zod is imported outside src/config and the Binance execution adapter', async () => {
    await expectViolation(
      'src/kernel/x.ts',
      "import { z } from 'zod';\nexport const s = z.string();\n",
      'flowdesk/layers',
      "src/kernel may not import package 'zod'; allowed only in: src/config, src/venue/binance/execution",
    );
    await expectViolation(
      'src/venue/binance/x.ts',
      "import { z } from 'zod';\nexport const s = z.string();\n",
      'flowdesk/layers',
      "src/venue/binance may not import package 'zod'",
    );
    await expectClean('src/config/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n");
    await expectClean('src/venue/binance/execution/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n");
  });

  it('fails when ink is imported outside src/tui and src/cli', async () => {
    await expectViolation(
      'src/kernel/x.ts',
      "import { render } from 'ink';\nexport const r = render;\n",
      'flowdesk/layers',
      "allowed only in: src/tui, src/cli",
    );
    await expectClean('src/tui/x.ts', "import { render } from 'ink';\nexport const r = render;\n");
  });

  it('fails when ws is imported outside src/loopback', async () => {
    await expectViolation(
      'src/venue/binance/x.ts',
      "import { WebSocket } from 'ws';\nexport const w = WebSocket;\n",
      'flowdesk/layers',
      "src/venue/binance may not import package 'ws'; allowed only in: src/loopback",
    );
    await expectClean('src/loopback/x.ts', "import { WebSocket } from 'ws';\nexport const w = WebSocket;\n");
  });

  it('fails when src/loopback imports the code under test (book, venue, kernel)', async () => {
    for (const folder of ['book', 'venue', 'kernel']) {
      await expectViolation(
        'src/loopback/x.ts',
        `import * as m from '../${folder}/index.js';\nexport const x = m;\n`,
        'no-restricted-imports',
        'never the code under test',
      );
    }
    await expectClean(
      'src/loopback/x.ts',
      "import * as core from '../core/index.js';\nimport * as model from '../model/index.js';\nimport * as rec from '../recording/index.js';\nimport { FakeBook } from './book.js';\nexport const x = [core, model, rec, FakeBook];\n",
    );
  });

  it('fails when a package is not in the package table', async () => {
    await expectViolation(
      'src/book/x.ts',
      "import leftPad from 'left-pad';\nexport const p = leftPad;\n",
      'flowdesk/layers',
      "package 'left-pad' is not in the package table",
    );
  });

  it('passes Node built-ins and decimal.js everywhere', async () => {
    await expectClean(
      'src/core/x.ts',
      [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import Decimal from 'decimal.js';",
        'export const x = [readFile, path, Decimal];',
        '',
      ].join('\n'),
    );
  });
});

describe('flowdesk/determinism', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['Date.now()', 'export const t = Date.now();\n'],
    ['Math.random()', 'export const r = Math.random();\n'],
    ['setTimeout()', 'setTimeout(() => undefined, 10);\n'],
    ['setInterval()', 'setInterval(() => undefined, 10);\n'],
    ['setImmediate()', 'setImmediate(() => undefined);\n'],
    ['performance.now()', 'export const t = performance.now();\n'],
    ['new Date()', 'export const d = new Date();\n'],
    ['process.hrtime', 'export const t = process.hrtime.bigint();\n'],
    ['Date.now()', 'export const t = globalThis.Date.now();\n'],
    ['setTimeout()', "import { setTimeout as sleep } from 'node:timers/promises';\nawait sleep(1);\n"],
  ];

  for (const [what, code] of cases) {
    it(`fails for ${what} in src/book (${JSON.stringify(code.split('\n')[0])})`, async () => {
      await expectViolation('src/book/clock.ts', code, 'flowdesk/determinism', `${what}: ${CLOCK_MESSAGE}`);
    });
  }

  it('passes new Date(0) in src/book', async () => {
    await expectClean('src/book/clock.ts', 'export const epoch = new Date(0);\n');
  });

  it('passes a local variable that shadows a global name', async () => {
    await expectClean(
      'src/book/clock.ts',
      'export function elapsed(performance: { now(): number }): number {\n  return performance.now();\n}\n',
    );
  });

  it('passes Date.now and setTimeout in src/cli, src/tui and src/loopback', async () => {
    const code = 'export const t = Date.now();\nsetTimeout(() => undefined, 10);\n';
    await expectClean('src/cli/main.ts', code);
    await expectClean('src/tui/app.ts', code);
    await expectClean('src/loopback/exchange.ts', code);
  });
});

describe('no-console', () => {
  it('fails for console in src', async () => {
    await expectViolation('src/cli/main.ts', "console.log('hi');\n", 'no-console', 'Unexpected console statement');
  });
});

// Every command's options go through the one declared mechanism: for every command and every option, a
// value out of its range (generated from the declaration) and the option given twice are refused by
// `flowdesk` with exit 2 and one stderr line naming the option; values in range are accepted; --help lists
// each option with its range. Run in-process through main(): usage is checked before any file or socket.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { runInProcess as flowdesk, type CliResult as Result } from '../support/cli-run.js';
import { parseCommandLine, type OptionDef } from '../../src/config/index.js';


/** The command's operands and required options (except `skip`) with valid values. */
function baseline(command: (typeof COMMANDS)[number], skip: string): string[] {
  const args = command.operands === null ? [] : ['recording.gz'];
  for (const [name, option] of Object.entries(command.options)) if (option.required && name !== skip) args.push(`--${name}`, option.example);
  return args;
}

/** Values the declaration refuses: out of range, not a number, not a choice, empty. */
function refused(option: OptionDef): fc.Arbitrary<string> {
  const always = fc.constantFrom('', ' ', 'abc', 'NaN', 'Infinity', '0x10');
  const range = option.range;
  if (option.kind === 'integer' && range !== null) {
    return fc.oneof(
      always,
      fc.integer({ max: range.min - 1 }).map(String),
      fc.integer({ min: range.max + 1 }).map(String),
      fc.integer({ min: range.min, max: range.max - 1 }).map((n) => `${n}.5`),
    );
  }
  if (option.kind === 'number' && range !== null) {
    // Six decimals, so the text is exactly out of range (a rounded value could land on the bound).
    const below = fc.double({ noNaN: true, min: -1e9, max: range.minExclusive ? range.min : range.min - 1e-5 });
    const above = range.max < Number.MAX_SAFE_INTEGER ? fc.double({ noNaN: true, min: range.max + 1e-5, max: range.max * 1000 }) : below;
    return fc.oneof(always, below.map((n) => n.toFixed(6)), above.map((n) => n.toFixed(6)));
  }
  if (option.kind === 'choice') return fc.oneof(always, fc.string({ minLength: 1 }).filter((s) => !(option.choices ?? []).includes(s) && !s.startsWith('--')));
  if (option.kind === 'decimal') return fc.oneof(always, fc.constantFrom('0', '0.000', '-1', '-0.5', '1e-2', '.5', '1,5'));
  return fc.constant(''); // text options: only the empty text is refused by every one of them
}

/** Values the declaration accepts. */
function accepted(option: OptionDef): fc.Arbitrary<string> {
  const range = option.range;
  if (range !== null) {
    const low = range.minExclusive ? Math.floor(range.min) + 1 : Math.ceil(range.min);
    return fc.integer({ min: low, max: Math.min(range.max, 1_000_000) }).map(String);
  }
  if (option.kind === 'choice') return fc.constantFrom(...(option.choices ?? []));
  if (option.kind === 'decimal') return fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999 })).map(([a, b]) => `${a}.${b}`);
  return fc.constant(option.example);
}

const everyOption = COMMANDS.flatMap((command) => Object.entries(command.options).map(([name, option]) => ({ command, name, option })));

function expectOneLine(result: Result, ...fragments: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]?.startsWith('flowdesk: ')).toBe(true);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
  expect(result.stdout).toBe('');
}

describe('every option of every command', () => {
  it('is declared with a valid example, in a command that lists it in its help with its range', async () => {
    expect(everyOption.length).toBeGreaterThan(40);
    for (const command of COMMANDS) {
      const help = await flowdesk([command.name, '--help']);
      expect(help.code).toBe(0);
      for (const [name, option] of Object.entries(command.options)) {
        const line = parseCommandLine(command, [...baseline(command, name), ...(option.kind === 'flag' ? [`--${name}`] : [`--${name}`, option.example])]);
        expect(line.help, `${command.name} --${name}`).toBe(false);
        expect(help.stdout).toContain(`--${name}${option.placeholder === '' ? '' : ` ${option.placeholder}`}`);
        const shown = help.stdout.replace(/\n +/g, ' ');
        if (option.kind !== 'flag' && option.kind !== 'choice') expect(shown, `${command.name} --${name}`).toContain(option.accepts);
        if (option.defaultText !== null) expect(shown).toContain(`default ${option.defaultText}`);
      }
    }
  });

  it.each(everyOption.filter((o) => o.option.kind !== 'flag').map((o) => [o.command.name, o.name, o] as const))(
    '%s --%s: a refused value exits 2 with one line naming the option',
    async (_command, name, { command, option }) => {
      await fc.assert(
        fc.asyncProperty(refused(option), async (value) => {
          const result = await flowdesk([command.name, ...baseline(command, name), `--${name}=${value}`]);
          expectOneLine(result, `--${name}`);
        }),
        { numRuns: 25 },
      );
      // A negative number is a value refused by the option's range, never a syntax error.
      if (option.range !== null || option.kind === 'decimal') {
        expectOneLine(await flowdesk([command.name, ...baseline(command, name), `--${name}`, '-1']), `--${name} must be`);
      }
    },
  );

  it.each(everyOption.filter((o) => o.option.repeatable).map((o) => [o.command.name, o.name, o] as const))('%s --%s: may be given more than once, and every value is kept in order', (_command, name, { command, option }) => {
    const line = parseCommandLine(command, [...baseline(command, name), `--${name}`, option.example, `--${name}=${option.example}`]);
    expect(line.help === false && line.values[name]).toEqual([option.example, option.example]);
  });

  it.each(everyOption.filter((o) => !o.option.repeatable).map((o) => [o.command.name, o.name, o] as const))('%s --%s: given twice, exits 2 with one line naming it', async (_command, name, { command, option }) => {
    const once = option.kind === 'flag' ? [`--${name}`] : [`--${name}`, option.example];
    const result = await flowdesk([command.name, ...baseline(command, name), ...once, ...once]);
    expectOneLine(result, `--${name} is given more than once`);
  });

  it.each(everyOption.filter((o) => o.option.kind !== 'flag').map((o) => [o.command.name, o.name, o] as const))(
    '%s --%s: accepts values in its range',
    (_command, name, { command, option }) => {
      fc.assert(
        fc.property(accepted(option), (value) => {
          const line = parseCommandLine(command, [...baseline(command, name), `--${name}`, value]);
          expect(line.help).toBe(false);
        }),
        { numRuns: 25 },
      );
    },
  );
});

describe('typos and unknown options', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: a misspelt option is answered with the one meant', async (_name, command) => {
    const [first] = Object.keys(command.options) as [string];
    const typo = `${first.slice(0, -2)}${first.slice(-1)}${first.slice(-2, -1)}`; // the last two letters swapped
    const result = await flowdesk([command.name, ...baseline(command, ''), `--${typo}`, 'x']);
    expectOneLine(result, `unknown option --${typo} (did you mean --${first}?)`);
  });
});

// The command-line option mechanism on a small declared command: syntax, defaults, and the one-line usage
// error for each kind of mistake. test/cli/options.test.ts checks every real command against it.
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionValue,
  choice,
  commandSchema,
  decimal,
  flag,
  integer,
  number,
  optionsHelp,
  parseCommandLine,
  parsed,
  repeated,
  required,
  text,
  usageLine,
  valueOptional,
  type CommandLineSpec,
  type OptionSet,
} from '../../src/config/index.js';
import { UsageError } from '../../src/core/index.js';

const OPTIONS = {
  'status-every': number({ help: 'seconds between lines', min: 1, unit: 'seconds', placeholder: 'S', default: 10 }),
  levels: integer({ help: 'levels per side', min: 1, max: 100, unit: 'levels', default: 10 }),
  qty: decimal({ help: 'order size', placeholder: 'Q', example: '0.25' }),
  side: required(choice(['buy', 'sell'], { help: 'order side' })),
  report: choice(['json', 'text'], { help: 'report format', default: 'text' }),
  out: text({ help: 'output file', placeholder: 'FILE', accepts: 'a file path', example: 'out.csv' }),
  list: parsed({
    help: 'some words',
    accepts: 'comma-separated words, each once',
    parse: (value) => {
      const words = value.split(',');
      if (new Set(words).size !== words.length) throw new InvalidOptionValue('a word is named twice');
      return words;
    },
    default: 'a,b',
  }),
  'no-ui': flag('headless'),
};

const SPEC: CommandLineSpec<typeof OPTIONS> = { name: 'demo', options: OPTIONS, operands: { name: 'file', min: 1 } };

function parse(argv: string[], spec: CommandLineSpec<OptionSet> = SPEC) {
  return parseCommandLine(spec, argv);
}

function usageError(argv: string[], spec: CommandLineSpec<OptionSet> = SPEC): string {
  let thrown: unknown = null;
  try {
    parse(argv, spec);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, argv.join(' ')).toBeInstanceOf(UsageError);
  const message = (thrown as UsageError).message;
  expect(message.split('\n'), message).toHaveLength(1);
  expect(message.startsWith('demo: ')).toBe(true);
  return message;
}

describe('parseCommandLine', () => {
  it('reads values as "--name value" and "--name=value", flags, operands, and applies defaults', () => {
    const line = parse(['a.gz', '--side', 'buy', '--qty=0.5', 'b.gz', '--no-ui', '--levels', '5']);
    expect(line).toEqual({
      help: false,
      operands: ['a.gz', 'b.gz'],
      values: { 'status-every': 10, levels: 5, qty: '0.5', side: 'buy', report: 'text', out: undefined, list: ['a', 'b'], 'no-ui': true },
    });
    const plain = parse(['a.gz', '--side', 'sell']);
    expect(plain.help === false && plain.values['no-ui']).toBe(false);
  });

  it('takes every word after -- as an operand, even one that looks like an option', () => {
    expect(parse(['--side', 'buy', '--', '--odd-name.gz', '-h'])).toMatchObject({ operands: ['--odd-name.gz', '-h'] });
  });

  it('answers --help or -h anywhere before --, whatever else is wrong', () => {
    expect(parse(['--bogus', '--help'])).toEqual({ help: true });
    expect(parse(['-h'])).toEqual({ help: true });
  });

  it('takes a negative number as a value, refused by its range and not as a syntax error', () => {
    expect(usageError(['a.gz', '--side', 'buy', '--status-every', '-1'])).toBe('demo: --status-every must be a number of seconds ≥ 1, got "-1"');
    expect(usageError(['a.gz', '--side', 'sell', '--qty', '-1'])).toBe('demo: --qty must be a positive decimal number such as 0.25, got "-1"');
  });

  it('refuses a value out of range, naming the flag, what it accepts and what it got', () => {
    expect(usageError(['a.gz', '--side', 'buy', '--status-every', '0.001'])).toBe('demo: --status-every must be a number of seconds ≥ 1, got "0.001"');
    expect(usageError(['a.gz', '--side', 'buy', '--levels', '1.5'])).toBe('demo: --levels must be an integer number of levels from 1 to 100, got "1.5"');
    expect(usageError(['a.gz', '--side', 'hold'])).toBe('demo: --side must be buy or sell, got "hold"');
    expect(usageError(['a.gz', '--side', 'buy', '--list', 'a,a'])).toBe('demo: --list must be comma-separated words, each once, got "a,a" (a word is named twice)');
    expect(usageError(['a.gz', '--side', 'buy', '--out='])).toBe('demo: --out must be a file path, got ""');
  });

  it('refuses an option given twice, flags included', () => {
    expect(usageError(['a.gz', '--side', 'buy', '--levels', '3', '--levels', '4'])).toBe('demo: --levels is given more than once ("3", then "4"); give it once');
    expect(usageError(['a.gz', '--side', 'buy', '--no-ui', '--no-ui'])).toBe('demo: --no-ui is given more than once; give it once');
  });

  it('collects every value of a repeatable option in order, [] when absent, and names the bad one', () => {
    const spec = { name: 'demo', options: { set: repeated(integer({ help: 'n', min: 1, max: 9 })) }, operands: null };
    expect(parse(['--set', '1', '--set=2', '--set', '3'], spec)).toEqual({ help: false, operands: [], values: { set: [1, 2, 3] } });
    expect(parse([], spec)).toEqual({ help: false, operands: [], values: { set: [] } });
    expect(usageError(['--set', '1', '--set', '12'], spec)).toBe('demo: --set must be an integer from 1 to 9, got "12"');
  });

  it('suggests the option meant by a typo, and lists the options for anything else', () => {
    expect(usageError(['a.gz', '--stauts-every', '3'])).toBe('demo: unknown option --stauts-every (did you mean --status-every?)');
    expect(usageError(['a.gz', '--levles', '3'])).toBe('demo: unknown option --levles (did you mean --levels?)');
    expect(usageError(['a.gz', '--frobnicate'])).toBe(
      'demo: unknown option --frobnicate (options: --status-every, --levels, --qty, --side, --report, --out, --list, --no-ui, --help)',
    );
    expect(usageError(['a.gz', '-x'])).toContain('unknown option -x');
  });

  it('refuses a value given to a flag, and a value option without one', () => {
    expect(usageError(['a.gz', '--side', 'buy', '--no-ui=yes'])).toBe('demo: --no-ui takes no value, got "yes"');
    expect(usageError(['a.gz', '--side'])).toBe('demo: --side needs a value (buy|sell: buy or sell)');
    expect(usageError(['a.gz', '--out', '--side', 'buy'])).toBe('demo: --out needs a value (FILE: a file path)');
  });

  it('names a missing required option, and missing or unexpected operands', () => {
    expect(usageError(['a.gz'])).toBe('demo: --side buy|sell is required (buy or sell; see flowdesk demo --help)');
    expect(usageError(['--side', 'buy'])).toBe('demo: no file given (see flowdesk demo --help)');
    expect(usageError(['stray'], { name: 'demo', options: {}, operands: null })).toBe('demo: unexpected argument "stray" (demo takes options only)');
  });

  it('builds one zod schema per command, one key per declared option', () => {
    expect(Object.keys(commandSchema(OPTIONS).shape)).toEqual(Object.keys(OPTIONS));
  });
});

describe('an option whose value may be left out', () => {
  const spec = {
    name: 'demo',
    options: {
      strategy: valueOptional(text({ help: 'run the strategy', placeholder: 'FILE.json', accepts: 'a file path', example: 'strategy.json' }), {
        suffix: '.json',
        bare: null,
        bareHelp: 'alone: the defaults',
      }),
      report: choice(['json', 'text'], { help: 'report format', default: 'text' }),
    },
    operands: { name: 'file', min: 1 },
  } satisfies CommandLineSpec<OptionSet>;

  it('gives the bare value alone, the file after it or after =, and nothing when absent', () => {
    expect(parse(['a.gz', '--strategy'], spec)).toEqual({ help: false, operands: ['a.gz'], values: { strategy: null, report: 'text' } });
    expect(parse(['a.gz', '--strategy', 's.json'], spec)).toEqual({ help: false, operands: ['a.gz'], values: { strategy: 's.json', report: 'text' } });
    expect(parse(['--strategy=dir/s.json', 'a.gz'], spec)).toEqual({ help: false, operands: ['a.gz'], values: { strategy: 'dir/s.json', report: 'text' } });
    expect(parse(['a.gz'], spec)).toEqual({ help: false, operands: ['a.gz'], values: { strategy: undefined, report: 'text' } });
  });

  it('never takes a recording operand, an option or a dash for its value', () => {
    expect(parse(['--strategy', 'a.gz', 'b.dat'], spec)).toMatchObject({ operands: ['a.gz', 'b.dat'], values: { strategy: null } });
    expect(parse(['--strategy', 'a.jsonl', 'b.json.gz'], spec)).toMatchObject({ operands: ['a.jsonl', 'b.json.gz'], values: { strategy: null } });
    expect(parse(['a.gz', '--strategy', '--report', 'json'], spec)).toMatchObject({ operands: ['a.gz'], values: { strategy: null, report: 'json' } });
    expect(parse(['--strategy', '-', 'a.gz'], spec)).toMatchObject({ operands: ['-', 'a.gz'], values: { strategy: null } });
    expect(parse(['--strategy', '--', 'x.json'], spec)).toMatchObject({ operands: ['x.json'], values: { strategy: null } });
  });

  it('refuses a value that does not end in the suffix, an empty one, and the option given twice', () => {
    expect(usageError(['a.gz', '--strategy=s.txt'], spec)).toBe('demo: --strategy must be a file path ending in .json, got "s.txt"');
    expect(usageError(['a.gz', '--strategy='], spec)).toBe('demo: --strategy must be a file path ending in .json, got ""');
    expect(usageError(['a.gz', '--strategy', '--strategy'], spec)).toBe('demo: --strategy is given more than once; give it once');
    expect(usageError(['a.gz', '--strategy', 'a.json', '--strategy=b.json'], spec)).toBe('demo: --strategy is given more than once ("a.json", then "b.json"); give it once');
  });

  it('shows the value in brackets in --help, with what it does alone and when the next word is its value', () => {
    expect(optionsHelp(spec.options).replace(/\n +/g, ' ')).toMatch(
      /--strategy \[FILE\.json\] +run the strategy; alone: the defaults; the next word is its value only when it ends in \.json \(a file path ending in \.json\)/,
    );
  });
});

describe('the options help', () => {
  it('lists every option with its placeholder, what it accepts and its default', () => {
    const help = optionsHelp(OPTIONS);
    expect(help).toContain('--status-every S');
    expect(help).toMatch(/seconds between lines \(a number of seconds ≥ 1; default 10\)/);
    expect(help).toMatch(/--levels N +levels per side \(an integer number of levels from 1 to 100; default 10\)/);
    expect(help).toMatch(/--side buy\|sell +order side \(required\)/);
    expect(help).toMatch(/--report json\|text +report format \(default text\)/);
    expect(help).toMatch(/--no-ui +headless$/m);
    expect(help.split('\n').every((line) => line.length <= 108)).toBe(true);
  });

  it('shows the operands and required options in the usage line', () => {
    expect(usageLine(SPEC)).toBe('usage: flowdesk demo <file...> --side buy|sell [options]');
  });
});

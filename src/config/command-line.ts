// config/command-line: parses a command's arguments against its option declarations (options.ts) into
// typed values and operands, and writes the options part of its --help. Every usage mistake — an unknown
// or repeated option, a missing or invalid value, a missing operand — is one UsageError line naming the
// option. Owns argument syntax only; it must never read process.argv, files or the environment.
//
// Syntax: `--name value`, `--name=value`, flags as `--name`; `--` ends the options; `-h`/`--help`
// anywhere before `--` asks for help. The word after a value option is its value unless it starts with
// `--`, so negative numbers are values (`--qty -1` is then refused as not positive, not as a syntax error).
// An option whose value may be left out (options.ts valueOptional) takes the next word only when that word
// does not start with '-' and ends with the option's suffix (`--strategy a.json`), so it never takes an
// operand; `--name=value` always gives a value.
import { z } from 'zod';
import { UsageError } from '../core/index.js';
import type { OptionDef, OptionSet, OptionValues } from './options.js';

/** The words after the options (files): at least `min` of them, or none when a command takes none. */
export interface Operands {
  /** Singular noun: "file". */
  readonly name: string;
  readonly min: number;
  /** A word the command reads before them, for the usage line only: "study" → `<study> <file...>`. */
  readonly leading?: string;
}

export interface CommandLineSpec<S extends OptionSet> {
  /** The command's name, for messages: "replay". */
  readonly name: string;
  readonly options: S;
  readonly operands: Operands | null;
}

export type CommandLine<S extends OptionSet> =
  | { readonly help: true }
  | { readonly help: false; readonly values: OptionValues<S>; readonly operands: readonly string[] };

export function parseCommandLine<S extends OptionSet>(spec: CommandLineSpec<S>, argv: readonly string[]): CommandLine<S> {
  const end = argv.indexOf('--');
  const optionWords = end < 0 ? argv : argv.slice(0, end);
  if (optionWords.some((word) => word === '--help' || word === '-h')) return { help: true };
  const fail = (message: string): never => {
    throw new UsageError(`${spec.name}: ${message}`);
  };

  const raw: Record<string, string | true | string[]> = {};
  const operands: string[] = [];
  for (let i = 0; i < optionWords.length; i++) {
    const word = optionWords[i] as string;
    if (!word.startsWith('-') || word === '-') {
      operands.push(word);
      continue;
    }
    if (!word.startsWith('--')) fail(`unknown option ${word}${suggestion(word, spec.options)}`);
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const option = Object.hasOwn(spec.options, name) ? (spec.options[name] as OptionDef) : undefined;
    if (option === undefined) return fail(`unknown option --${name}${suggestion(name, spec.options)}`);
    let value: string | true;
    if (option.kind === 'flag') {
      if (eq >= 0) fail(`--${name} takes no value, got "${word.slice(eq + 1)}"`);
      value = true;
    } else if (eq >= 0) {
      value = word.slice(eq + 1);
    } else if (option.optionalValue !== null) {
      const next = optionWords[i + 1];
      if (next !== undefined && !next.startsWith('-') && next.endsWith(option.optionalValue.suffix)) {
        value = next;
        i++;
      } else value = true;
    } else {
      const next = optionWords[i + 1];
      if (next === undefined || next.startsWith('--')) return fail(`--${name} needs a value (${option.placeholder}: ${option.accepts})`);
      value = next;
      i++;
    }
    const earlier = raw[name];
    if (option.repeatable) {
      raw[name] = [...((earlier ?? []) as string[]), value as string];
      continue;
    }
    if (earlier !== undefined) {
      fail(`--${name} is given more than once${earlier === true ? '' : ` ("${earlier}", then "${String(value)}")`}; give it once`);
    }
    raw[name] = value;
  }
  if (end >= 0) operands.push(...argv.slice(end + 1));

  const values = validate(spec, raw, fail);
  if (spec.operands === null) {
    if (operands.length > 0) fail(`unexpected argument "${operands[0] as string}" (${spec.name} takes options only)`);
  } else if (operands.length < spec.operands.min) {
    fail(`no ${spec.operands.name} given (see flowdesk ${spec.name} --help)`);
  }
  return { help: false, values, operands };
}

/** The command's zod schema, built from its declarations: one entry per option. */
export function commandSchema(options: OptionSet): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, option] of Object.entries(options)) {
    shape[name] = option.required ? option.value : option.value.optional();
  }
  return z.strictObject(shape);
}

function validate<S extends OptionSet>(spec: CommandLineSpec<S>, raw: Record<string, string | true | string[]>, fail: (message: string) => never): OptionValues<S> {
  const result = commandSchema(spec.options).safeParse(raw);
  if (!result.success) {
    const names = Object.keys(spec.options);
    const issues = result.error.issues.filter((issue) => names.includes(String(issue.path[0])));
    // The first bad option in declaration order, so the message does not depend on zod's issue order.
    const name = names.find((n) => issues.some((issue) => issue.path[0] === n)) ?? String(result.error.issues[0]?.path[0]);
    const option = spec.options[name] as OptionDef;
    const all = raw[name];
    if (all === undefined) fail(`--${name} ${option.placeholder} is required (${option.accepts}; see flowdesk ${spec.name} --help)`);
    // A repeated option: the first bad one of its values.
    const first = issues.find((issue) => issue.path[0] === name);
    const given = Array.isArray(all) ? all[Number(first?.path[1] ?? 0)] : all;
    const detail = issues.find((issue) => issue.path[0] === name && issue.code === 'custom' && issue.message !== '')?.message;
    fail(`--${name} must be ${option.accepts}, got ${JSON.stringify(given)}${detail === undefined ? '' : ` (${detail})`}`);
  }
  const data = (result as { data: Record<string, unknown> }).data;
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) values[name] = data[name] === undefined ? option.fallback : data[name];
  return values as OptionValues<S>;
}

/** " (did you mean --status-every?)" for a near miss, else the list of options. */
function suggestion(word: string, options: OptionSet): string {
  const name = word.replace(/^-+/, '');
  const names = [...Object.keys(options), 'help'];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best !== null && (bestDistance <= 2 || (bestDistance <= 3 && name.length >= 8))) return ` (did you mean --${best}?)`;
  return ` (options: ${names.map((n) => `--${n}`).join(', ')})`;
}

/** Edits (insert, delete, substitute, swap two neighbours) between two words. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** `flowdesk replay <file...> --side buy|sell [options]`: the operands and required options. */
export function usageLine(spec: CommandLineSpec<OptionSet>): string {
  const required = Object.entries(spec.options).filter(([, o]) => o.required).map(([n, o]) => `--${n} ${o.placeholder}`);
  const operands = spec.operands === null ? [] : [...(spec.operands.leading === undefined ? [] : [`<${spec.operands.leading}>`]), `<${spec.operands.name}...>`];
  return ['usage: flowdesk', spec.name, ...operands, ...required, '[options]'].join(' ');
}

const HELP_WIDTH = 108;

/** One entry per option: name and placeholder, then what it does, what it accepts and its default. */
export function optionsHelp(options: OptionSet): string {
  const heads = Object.entries(options).map(([name, o]) => `  --${name}${o.placeholder === '' ? '' : ` ${o.placeholder}`}`);
  const column = Math.min(Math.max(...heads.map((h) => h.length)) + 2, 34);
  const lines: string[] = [];
  Object.entries(options).forEach(([, o], index) => {
    const head = heads[index] as string;
    const shown = o.kind === 'flag' || (o.kind === 'choice' && o.placeholder === o.choices?.join('|'));
    const notes = [shown ? '' : o.accepts, o.required ? 'required' : o.defaultText === null ? '' : `default ${o.defaultText}`].filter((n) => n !== '');
    const text = `${o.help}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`;
    const first = head.length + 2 <= column ? head.padEnd(column) : null;
    if (first === null) lines.push(head);
    lines.push(...wrap(text, HELP_WIDTH - column).map((line, i) => (i === 0 && first !== null ? first : ' '.repeat(column)) + line));
  });
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

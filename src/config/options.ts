// config/options: command-line options, declared once per command — what schema.ts is for environment
// variables. A declaration says the value's type, its range or choices, its default and its help; from it
// come the zod schema that checks a value, the "--name must be …" message, and the option's --help line.
// Owns declarations and the validation of raw strings only; it must never read argv, files or process.env
// (command-line.ts parses an argument list against these declarations).
import { z } from 'zod';

export type OptionKind = 'flag' | 'integer' | 'number' | 'choice' | 'decimal' | 'text';

/** Numeric bounds of an integer or number option (inclusive, unless `minExclusive`). */
export interface OptionRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly integer: boolean;
}

/** One option of a command. `T` is the value a command receives (undefined: absent, no default). */
export interface OptionDef<T = unknown> {
  readonly kind: OptionKind;
  /** What the option does, for --help. */
  readonly help: string;
  /** What a value must be: completes "--name must be …" and is shown in --help. Empty for flags. */
  readonly accepts: string;
  /** The value's name in usage lines (`--out DIR`); empty for flags. */
  readonly placeholder: string;
  readonly required: boolean;
  /** True when the option may be given more than once: its values are collected, in order. */
  readonly repeatable: boolean;
  /** Non-null when the value may be left out (see `valueOptional`): the word after the option is its value only when it ends with `suffix`. */
  readonly optionalValue: { readonly suffix: string } | null;
  /** A valid value, as typed (the default when there is one). */
  readonly example: string;
  /** The default as --help shows it; null when there is none. */
  readonly defaultText: string | null;
  readonly range: OptionRange | null;
  readonly choices: readonly string[] | null;
  /** Checks one raw value (a string; `true` for a flag) and turns it into the command's value. */
  readonly value: z.ZodType<Exclude<T, undefined>>;
  /** The value when the option is absent. */
  readonly fallback: T;
}

export type OptionSet = Readonly<Record<string, OptionDef>>;

/** The values a command receives for an option set, by option name. */
export type OptionValues<S extends OptionSet> = { readonly [K in keyof S]: S[K] extends OptionDef<infer T> ? T : never };

/** Thrown by a `parsed` option's parse function: the message says what is wrong with the value. */
export class InvalidOptionValue extends Error {
  override readonly name = 'InvalidOptionValue';
}

interface Described {
  /** What the option does, for --help. */
  readonly help: string;
  /** The value's name in usage lines; a default per kind otherwise. */
  readonly placeholder?: string;
}

function def<T>(fields: Omit<OptionDef<T>, 'required' | 'repeatable' | 'optionalValue' | 'range' | 'choices'> & Partial<Pick<OptionDef<T>, 'range' | 'choices'>>): OptionDef<T> {
  return Object.freeze({ required: false, repeatable: false, optionalValue: null, range: null, choices: null, ...fields });
}

/** A flag: present or not, no value. */
export function flag(help: string): OptionDef<boolean> {
  return def<boolean>({ kind: 'flag', help, accepts: '', placeholder: '', example: '', defaultText: null, value: z.literal(true), fallback: false });
}

const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

interface IntegerSpec extends Described {
  readonly min: number;
  readonly max: number;
  /** Plural noun of the unit ("levels"): "an integer number of levels from 1 to 100". */
  readonly unit?: string;
}

/** An integer within [min, max]. */
export function integer(spec: IntegerSpec & { readonly default: number }): OptionDef<number>;
export function integer(spec: IntegerSpec): OptionDef<number | undefined>;
export function integer(spec: IntegerSpec & { readonly default?: number }): OptionDef<number | undefined> {
  const { min, max } = spec;
  return def<number | undefined>({
    kind: 'integer',
    help: spec.help,
    accepts: `${spec.unit === undefined ? 'an integer' : `an integer number of ${spec.unit}`} from ${min} to ${max}`,
    placeholder: spec.placeholder ?? 'N',
    example: String(spec.default ?? min),
    defaultText: spec.default === undefined ? null : String(spec.default),
    range: { min, max, minExclusive: false, integer: true },
    value: z.string().regex(INTEGER_TEXT).transform(Number).pipe(z.number().int().min(min).max(max)),
    fallback: spec.default,
  });
}

interface NumberSpec extends Described {
  /** The lower bound, inclusive unless `minExclusive`. */
  readonly min: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  /** Plural noun of the unit ("seconds"): "a number of seconds ≥ 1". */
  readonly unit?: string;
}

/** A decimal number (no exponent, no hex) within its bounds. */
export function number(spec: NumberSpec & { readonly default: number }): OptionDef<number>;
export function number(spec: NumberSpec): OptionDef<number | undefined>;
export function number(spec: NumberSpec & { readonly default?: number }): OptionDef<number | undefined> {
  const { min } = spec;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  const exclusive = spec.minExclusive === true;
  const noun = spec.unit === undefined ? 'a number' : `a number of ${spec.unit}`;
  const bounds = spec.max !== undefined ? `from ${min} to ${max}` : `${exclusive ? '>' : '≥'} ${min}`;
  const base = z.number().max(max);
  return def<number | undefined>({
    kind: 'number',
    help: spec.help,
    accepts: `${noun} ${bounds}`,
    placeholder: spec.placeholder ?? 'N',
    example: String(spec.default ?? (exclusive ? min + 1 : min)),
    defaultText: spec.default === undefined ? null : String(spec.default),
    range: { min, max, minExclusive: exclusive, integer: false },
    value: z.string().regex(NUMBER_TEXT).transform(Number).pipe(exclusive ? base.gt(min) : base.min(min)),
    fallback: spec.default,
  });
}

/** "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] as string}`;
}

/** One of `choices`, exactly as written. */
export function choice<const C extends string>(choices: readonly C[], spec: Described & { readonly default: C }): OptionDef<C>;
export function choice<const C extends string>(choices: readonly C[], spec: Described): OptionDef<C | undefined>;
export function choice<const C extends string>(choices: readonly C[], spec: Described & { readonly default?: C }): OptionDef<C | undefined> {
  return def<C | undefined>({
    kind: 'choice',
    help: spec.help,
    accepts: orList(choices),
    placeholder: spec.placeholder ?? choices.join('|'),
    example: spec.default ?? (choices[0] as C),
    defaultText: spec.default ?? null,
    choices: Object.freeze([...choices]),
    value: z.enum(choices as unknown as [C, ...C[]]) as unknown as z.ZodType<C>,
    fallback: spec.default,
  });
}

/** A positive plain decimal string, kept as written (exact units: tick and lot sizes, quantities). */
export function decimal(spec: Described & { readonly example: string }): OptionDef<string | undefined> {
  return def<string | undefined>({
    kind: 'decimal',
    help: spec.help,
    accepts: `a positive decimal number such as ${spec.example}`,
    placeholder: spec.placeholder ?? 'D',
    example: spec.example,
    defaultText: null,
    value: z.string().regex(/^\d+(\.\d+)?$/).regex(/[1-9]/),
    fallback: undefined,
  });
}

interface ParsedSpec<T> extends Described {
  /** What a value must be, completing "--name must be …". */
  readonly accepts: string;
  /** The value of a valid text; throws for an invalid one (an InvalidOptionValue says why). */
  readonly parse: (text: string) => T;
  /** A valid value, as typed (the default, when not given). */
  readonly example?: string;
  /** Shown in --help; the default value is `parse(defaultText)`. */
  readonly default?: string;
}

/** A text option: any non-empty string, or what `parse` accepts. */
export function text(spec: Described & { readonly accepts?: string; readonly example: string }): OptionDef<string | undefined> {
  return parsed({ ...spec, accepts: spec.accepts ?? 'a non-empty text', parse: (value) => value });
}

/** A text option turned into a value by `parse` (a list, a duration, a time). */
export function parsed<T>(spec: ParsedSpec<T> & { readonly default: string }): OptionDef<T>;
export function parsed<T>(spec: ParsedSpec<T>): OptionDef<T | undefined>;
export function parsed<T>(spec: ParsedSpec<T>): OptionDef<T | undefined> {
  const value = z
    .string()
    .min(1)
    .transform((raw, ctx) => {
      try {
        return spec.parse(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof InvalidOptionValue ? error.message : '' });
        return z.NEVER;
      }
    });
  return def<T | undefined>({
    kind: 'text',
    help: spec.help,
    accepts: spec.accepts,
    placeholder: spec.placeholder ?? 'TEXT',
    example: spec.example ?? spec.default ?? '',
    defaultText: spec.default ?? null,
    value: value as unknown as z.ZodType<Exclude<T, undefined>>,
    fallback: spec.default === undefined ? undefined : spec.parse(spec.default),
  });
}

/** The same option, required: the command refuses to run without it. */
export function required<T>(option: OptionDef<T>): OptionDef<Exclude<T, undefined>> {
  return Object.freeze({ ...option, required: true, defaultText: null }) as unknown as OptionDef<Exclude<T, undefined>>;
}

/**
 * The same option, given any number of times (`--set a=1 --set b=2`): the command receives every value in
 * the order given, [] when absent. Each value is checked as the option checks one.
 */
export function repeated<T>(option: OptionDef<T>): OptionDef<readonly Exclude<T, undefined>[]> {
  return Object.freeze({
    ...option,
    repeatable: true,
    defaultText: null,
    help: `${option.help}; may be given more than once`,
    value: z.array(option.value),
    fallback: [],
  }) as unknown as OptionDef<readonly Exclude<T, undefined>[]>;
}

interface ValueOptionalSpec<B> {
  /** Every value ends with it (".json"); a following word is taken as the value only when it does. */
  readonly suffix: string;
  /** What the command receives for the option given alone. */
  readonly bare: B;
  /** What the option alone does, for --help ("alone: the default configuration"). */
  readonly bareHelp: string;
}

/**
 * The same option with a value that may be left out: `--name` alone gives `bare`, `--name VALUE` and
 * `--name=VALUE` give the value. So that it can never swallow an operand (a recording), the word after
 * `--name` is its value only when it does not start with '-' and ends with `suffix`; otherwise it is left
 * for what follows. Every value must end with `suffix`, so both spellings accept the same values.
 */
export function valueOptional<T, const B>(option: OptionDef<T>, spec: ValueOptionalSpec<B>): OptionDef<Exclude<T, undefined> | B | undefined> {
  const { suffix } = spec;
  const accepts = `${option.accepts} ending in ${suffix}`;
  const ending = new RegExp(`.${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const value = z.union([z.literal(true), z.string().regex(ending)]).transform((raw, ctx) => {
    if (raw === true) return spec.bare;
    const result = option.value.safeParse(raw);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
  return Object.freeze({
    ...option,
    optionalValue: Object.freeze({ suffix }),
    accepts,
    placeholder: `[${option.placeholder}]`,
    help: `${option.help}; ${spec.bareHelp}; the next word is its value only when it ends in ${suffix}`,
    value,
    fallback: undefined,
    defaultText: null,
  }) as unknown as OptionDef<Exclude<T, undefined> | B | undefined>;
}

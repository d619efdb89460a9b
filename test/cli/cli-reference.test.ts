// Keeps docs/CLI.md in step with the code: every command has its section (`## \`flowdesk <name>...\``),
// every option the command declares is written there as `--name`, and every `--option` written there is
// one the command declares (a renamed or removed option cannot linger in the docs), except on a line that
// runs another command (an example such as `record ...` then `replay ... --report json`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

const REFERENCE = readFileSync(join(PROJECT_ROOT, 'docs/CLI.md'), 'utf8');

/** The text of a level-2 section whose heading starts with `prefix`, up to the next level-2 heading. */
function sectionOf(markdown: string, prefix: string): string | null {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## ${prefix}`));
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** Every `--option` named in a text (not inside a longer word). */
function optionsNamed(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1] ?? ''));
}

/** The lines of a command's section, without those that run another command (`flowdesk[.js] <other>`). */
function ownLines(section: string, command: string, commands: readonly string[]): string {
  const others = commands.filter((name) => name !== command);
  const runsOther = new RegExp(`flowdesk(\\.js)? (${others.join('|')})\\b`);
  return section
    .split('\n')
    .filter((line) => !runsOther.test(line))
    .join('\n');
}

describe('sectionOf, optionsNamed and ownLines', () => {
  it('cut a section at the next level-2 heading and find the options written in it', () => {
    const doc = '## `flowdesk a`\n`--x` and --y-z, not a--b\n### sub\n--w\n## `flowdesk b`\n--v';
    expect(sectionOf(doc, '`flowdesk a')).toBe('## `flowdesk a`\n`--x` and --y-z, not a--b\n### sub\n--w');
    expect([...optionsNamed(sectionOf(doc, '`flowdesk a') ?? '')]).toEqual(['x', 'y-z', 'w']);
    expect(sectionOf(doc, '`flowdesk c')).toBeNull();
  });

  it('leave out the lines that run another command', () => {
    const section = 'flowdesk a --x\nnode bin/flowdesk.js b --y\nflowdesk bb --z\nflowdesk b2 --w';
    expect(ownLines(section, 'a', ['a', 'b', 'bb'])).toBe('flowdesk a --x\nflowdesk b2 --w');
  });
});

describe('docs/CLI.md', () => {
  for (const command of COMMANDS) {
    const section = sectionOf(REFERENCE, `\`flowdesk ${command.name}`);

    it(`has a section for flowdesk ${command.name}`, () => {
      expect(section, `docs/CLI.md needs a heading "## \`flowdesk ${command.name} ...\`"`).not.toBeNull();
    });

    it(`names every option of flowdesk ${command.name} in its section`, () => {
      const named = optionsNamed(section ?? '');
      const missing = Object.keys(command.options).filter((name) => !named.has(name));
      expect(missing, `options of flowdesk ${command.name} not in docs/CLI.md`).toEqual([]);
    });

    it(`names no option in the section of flowdesk ${command.name} that the command does not declare`, () => {
      const declared = new Set([...Object.keys(command.options), 'help']);
      const unknown = [...optionsNamed(ownLines(section ?? '', command.name, COMMANDS.map((c) => c.name)))].filter((name) => !declared.has(name));
      expect(unknown, `options in docs/CLI.md that flowdesk ${command.name} does not have`).toEqual([]);
    });
  }
});

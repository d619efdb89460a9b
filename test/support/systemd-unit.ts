// Reads a systemd unit file (the subset docs/ uses): sections of `Key=value` lines, comments (# ;), lines
// continued with a trailing backslash, repeated keys kept in order, and a command line split into words
// the way systemd splits ExecStart (whitespace, "double" or 'single' quotes).

export type UnitFile = ReadonlyMap<string, readonly string[]>;

/** `Section.Key` -> every value given, in order. */
export function parseUnit(text: string): UnitFile {
  const entries = new Map<string, string[]>();
  let section = '';
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = header[1] as string;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a unit line: ${line}`);
    const key = `${section}.${line.slice(0, eq).trim()}`;
    entries.set(key, [...(entries.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return entries;
}

/** The one value of `Section.Key`; throws if it is missing or given twice. */
export function unitValue(unit: UnitFile, key: string): string {
  const values = unit.get(key) ?? [];
  if (values.length !== 1) throw new Error(`${key}: expected one value, found ${values.length}`);
  return values[0] as string;
}

/** A command line split into words as systemd does it (no special prefixes, no variable expansion). */
export function commandWords(command: string): string[] {
  if (/^[-@+!:]/.test(command)) throw new Error(`command prefixes are not supported here: ${command}`);
  if (command.includes('$')) throw new Error(`variable expansion is not supported here: ${command}`);
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = pattern.exec(command); m !== null; m = pattern.exec(command)) words.push(m[1] ?? m[2] ?? (m[3] as string));
  return words;
}

// What the tests that hold the docs' tables to the code share: the lines of a level-2 section of a
// markdown file, and the default strategy parameter at a dotted path ("risk.maxOrderNotional").
import { DEFAULT_STRATEGY_PARAMS } from '../../src/config/index.js';

/** The lines of the level-2 section `heading` (after its heading, up to the next); [] when it is absent. */
export function sectionLines(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

export function defaultParamAt(path: string): unknown {
  let node: unknown = DEFAULT_STRATEGY_PARAMS;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

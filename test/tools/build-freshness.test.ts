// tools/build-freshness (the entry point's and the test suite's "is dist/ stale?" check), run against a
// small project in a temp directory compiled by the real TypeScript compiler: dist/ is rebuilt when it is
// missing or when any source or tsconfig is newer than the last build, and left alone otherwise.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildState, ensureFreshBuild, newestMtimeMs, sourcesMtimeMs } from '../../tools/build-freshness.js';
import { PROJECT_ROOT } from '../support/fixtures.js';

const root = mkdtempSync(path.join(tmpdir(), 'flowdesk-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Fixed times (s since the epoch) so no outcome depends on the real clock's resolution. */
const BUILT_AT = 1_700_000_000;
const EARLIER = BUILT_AT - 3600;

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function setTime(relative: string, seconds: number): void {
  utimesSync(path.join(root, relative), seconds, seconds);
}

/** Every input older than the stamp: the state right after a build. */
function settle(): void {
  for (const file of ['src/globals.d.ts', 'src/cli/main.ts', 'src/core/value.ts', 'tsconfig.json', 'tsconfig.build.json']) setTime(file, EARLIER);
  setTime('dist/.tsbuildinfo', BUILT_AT);
}

// noLib and the few global types the compiler insists on keep each real tsc run well under a second.
write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', noLib: true, module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [] } }));
write('src/globals.d.ts', ['Array<T>', 'Boolean', 'CallableFunction', 'Function', 'IArguments', 'NewableFunction', 'Number', 'Object', 'RegExp', 'String'].map((t) => `interface ${t} {}\n`).join(''));
write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: 'src', outDir: 'dist', incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src'] }));
write('src/core/value.ts', 'export const value = 1;\n');
write('src/cli/main.ts', "import { value } from '../core/value.js';\nexport const answer = value;\n");
symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));

describe('build freshness', () => {
  it('builds dist/ when it is missing', () => {
    expect(buildState(root)).toBe('missing');
    expect(ensureFreshBuild(root)).toBe('missing');
    expect(readFileSync(path.join(root, 'dist/core/value.js'), 'utf8')).toContain('value = 1');
  });

  it('finds the newest modification time in a tree of sources and tsconfig files', () => {
    settle();
    setTime('src/core/value.ts', EARLIER + 7);
    expect(newestMtimeMs(path.join(root, 'src'))).toBe((EARLIER + 7) * 1000);
    setTime('tsconfig.build.json', EARLIER + 9);
    expect(sourcesMtimeMs(root)).toBe((EARLIER + 9) * 1000);
  });

  it('leaves a build alone when no source is newer than it', () => {
    settle();
    expect(buildState(root)).toBe('fresh');
    expect(ensureFreshBuild(root)).toBe('fresh');
    expect(statSync(path.join(root, 'dist/.tsbuildinfo')).mtimeMs).toBe(BUILT_AT * 1000); // not rebuilt
  });

  it('rebuilds when a source deep in src/ is newer than the last build', () => {
    settle();
    write('src/core/value.ts', 'export const value = 2;\n');
    setTime('src/core/value.ts', BUILT_AT + 1);
    expect(buildState(root)).toBe('stale');
    expect(ensureFreshBuild(root)).toBe('stale');
    expect(readFileSync(path.join(root, 'dist/core/value.js'), 'utf8')).toContain('value = 2');
    expect(buildState(root)).toBe('fresh'); // the stamp was touched
  });

  it('rebuilds when a tsconfig is newer than the last build, even if no output changes', () => {
    settle();
    setTime('tsconfig.build.json', BUILT_AT + 1);
    expect(buildState(root)).toBe('stale');
    expect(ensureFreshBuild(root)).toBe('stale');
    expect(statSync(path.join(root, 'dist/.tsbuildinfo')).mtimeMs).toBeGreaterThan((BUILT_AT + 1) * 1000);
    expect(buildState(root)).toBe('fresh');
  });

  it('says which build failed instead of running stale code', () => {
    settle();
    write('src/core/value.ts', 'export const value: number = "not a number";\n');
    setTime('src/core/value.ts', BUILT_AT + 1);
    expect(() => ensureFreshBuild(root)).toThrow(/building dist\/ failed \(stale\)/);
  });
});

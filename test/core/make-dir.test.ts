// makeDirectory: mkdir -p that creates every missing level, accepts an existing directory, and ends with
// the error's code where Node 20's { recursive: true } never returns (a path under /proc).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/core/index.js';

const root = mkdtempSync(join(tmpdir(), 'flowdesk-mkdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it('creates every missing level, and takes an existing directory as done', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeDirectory(deep)).not.toThrow();
  });

  it('says ENOTDIR when a level is a file', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirectory(join(root, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.runIf(process.platform === 'linux')('throws for a directory under /proc instead of spinning forever', () => {
    expect(() => makeDirectory('/proc/flowdesk-cannot-exist/x')).toThrow(expect.objectContaining({ code: expect.stringMatching(/^E/) }));
  });
});

// The product's install stays lean: package.json's runtime dependencies are packages product code may
// import (the package table of tools/eslint/layer-rule.js), a package only the loopback exchange may import
// (test infrastructure) is a dev dependency, and the benchmark's peer books live in bench/package.json only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/fixtures.js';

interface PackageJson {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as PackageJson;
const root = readJson('package.json');
const bench = readJson('bench/package.json');
const ruleUrl = pathToFileURL(join(PROJECT_ROOT, 'tools/eslint/layer-rule.js')).href;
const { PACKAGES, TEST_ONLY } = (await import(ruleUrl)) as {
  PACKAGES: Readonly<Record<string, '*' | readonly string[]>>;
  TEST_ONLY: ReadonlySet<string>;
};

/** Folders of the package table that product code lives in (everything but test infrastructure). */
const productOwners = (pkg: string): string[] => {
  const owners = PACKAGES[pkg];
  if (owners === undefined) return [];
  if (owners === '*') return ['*'];
  return owners.filter((owner) => !TEST_ONLY.has(owner.split('/')[0] as string));
};

describe('dependencies', () => {
  it('lists as runtime dependencies only packages that product code may import', () => {
    const runtime = Object.keys(root.dependencies ?? {});
    expect(runtime.length).toBeGreaterThan(0);
    expect(runtime.filter((pkg) => productOwners(pkg).length === 0)).toEqual([]);
  });

  it('keeps packages that only the loopback exchange may import among the dev dependencies', () => {
    const testOnly = Object.keys(PACKAGES).filter((pkg) => productOwners(pkg).length === 0);
    expect(testOnly).toContain('ws');
    for (const pkg of testOnly) {
      expect(root.dependencies ?? {}).not.toHaveProperty(pkg);
      expect(root.devDependencies ?? {}).toHaveProperty(pkg);
    }
  });

  it('installs the peer books of the benchmark from bench/package.json only, pinned', () => {
    expect(bench.dependencies).toEqual({ ccxt: '4.5.84', 'tardis-dev': '13.35.3' });
    for (const pkg of Object.keys(bench.dependencies ?? {})) {
      expect(root.dependencies ?? {}).not.toHaveProperty(pkg);
      expect(root.devDependencies ?? {}).not.toHaveProperty(pkg);
    }
  });
});

import * as assert from 'node:assert/strict';
import path from 'node:path';

interface SetupModule {
  DEBIAN_PACKAGES: { name: string; for: string[]; why: string }[];
  missingPackages(purpose: string, isInstalled?: (name: string) => boolean): { name: string }[] | undefined;
  installCommand(packages: { name: string }[]): string;
  dependenciesCurrent(lock: unknown, installed: unknown): boolean;
}

// The script is plain ESM (.mjs, no dependencies: it runs before node_modules exists).
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
const load = () => importEsm<SetupModule>(path.resolve(__dirname, '../../../scripts/setup.mjs'));

describe('scripts/setup.mjs', () => {
  it('knows every Debian package the tests and the demo need, each with why', async () => {
    const { DEBIAN_PACKAGES } = await load();
    for (const name of ['chromium', 'ripgrep', 'libkrb5-dev'])
      assert.ok(
        DEBIAN_PACKAGES.some((p) => p.name === name),
        name,
      );
    for (const p of DEBIAN_PACKAGES) assert.ok(p.why.length > 5 && p.for.length > 0, p.name);
  });

  it('names what is missing for the tests or the demo, and the one command that installs it', async () => {
    const { missingPackages, installCommand } = await load();
    const missing = missingPackages('test', (name) => name !== 'chromium' && name !== 'ripgrep');
    if (missing === undefined) return; // not a Debian machine: nothing to check with dpkg
    assert.deepEqual(
      missing.map((p) => p.name),
      ['chromium', 'ripgrep'],
    );
    assert.deepEqual(
      missingPackages('demo', (name) => name !== 'chromium')!.map((p) => p.name),
      [],
      'the demo does not need Chromium',
    );
    assert.equal(installCommand(missing), 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium ripgrep');
  });

  it('runs npm ci when node_modules is missing or differs from the lock, not otherwise', async () => {
    const { dependenciesCurrent } = await load();
    const lock = {
      packages: { '': {}, 'node_modules/a': { version: '1.0.0' }, 'node_modules/@esbuild/win32-x64': { version: '0.1.0', optional: true } },
    };
    assert.equal(dependenciesCurrent(lock, undefined), false);
    assert.equal(dependenciesCurrent(lock, { packages: { 'node_modules/a': { version: '1.0.0' } } }), true);
    assert.equal(dependenciesCurrent(lock, { packages: { 'node_modules/a': { version: '0.9.0' } } }), false);
    assert.equal(dependenciesCurrent(lock, { packages: {} }), false);
  });
});

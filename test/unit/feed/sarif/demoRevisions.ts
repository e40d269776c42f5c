/**
 * The demo workspace at the two revisions the SARIF fixtures were made from: revision 1 is
 * test/fixtures/demo-workspace as it is; revision 2 is a copy with test/fixtures/sarif/revision-2.patch
 * applied (by git apply, which works outside a repository). Used by scripts/sarif-fixtures.ts to
 * scan, and by the tests to read the files the results name.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const DEMO_WORKSPACE = resolve(__dirname, '../../../fixtures/demo-workspace');
export const SARIF_FIXTURES = resolve(__dirname, '../../../fixtures/sarif');

/**
 * The checkout root the fixtures' absolute file URIs use, in place of the temporary folder they
 * were scanned in (so the committed files are the same on every machine and name none).
 */
export const FIXTURE_CHECKOUT_URI = 'file:///checkout/acme-payments/';

export type Revision = 1 | 2;

export interface WorkspaceCopy {
  root: string;
  dispose(): void;
}

/** A fresh copy of the demo workspace at `revision`, in a temporary folder. */
export function demoWorkspaceAt(revision: Revision): WorkspaceCopy {
  const parent = mkdtempSync(join(tmpdir(), 'findings-lens-sarif-'));
  const root = join(parent, 'acme-payments');
  cpSync(DEMO_WORKSPACE, root, { recursive: true });
  if (revision === 2) {
    // The ceiling keeps git from taking a repository above the temporary folder for this one.
    execFileSync('git', ['apply', join(SARIF_FIXTURES, 'revision-2.patch')], {
      cwd: root,
      env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(root) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  return { root, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * What the upload CLI's tests run in: the demo workspace at revision 1 as a git checkout (one
 * commit on main), and ESLint's log of it as ESLint writes it there (its absolute file URIs naming
 * the checkout's folder).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runUpload, type UploadIo } from '../../../../src/feed/upload/upload';
import { demoWorkspaceAt, FIXTURE_CHECKOUT_URI, SARIF_FIXTURES } from '../sarif/demoRevisions';

export interface Checkout {
  root: string;
  /** The commit of HEAD. */
  head: string;
  /** A folder outside the checkout for other files. */
  scratch: string;
  /** ESLint's log of the checkout. */
  sarifFile: string;
  dispose(): void;
}

export function checkoutWithLog(): Checkout {
  const workspace = demoWorkspaceAt(1);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], {
      cwd: workspace.root,
      encoding: 'utf8',
    }).trim();
  git('-c', 'init.defaultBranch=main', 'init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'revision 1');
  const scratch = mkdtempSync(join(tmpdir(), 'findings-lens-upload-'));
  const sarifFile = join(scratch, 'eslint.sarif');
  const text = readFileSync(join(SARIF_FIXTURES, 'eslint-r1.sarif'), 'utf8')
    .split(FIXTURE_CHECKOUT_URI)
    .join(`${pathToFileURL(workspace.root).href}/`);
  writeFileSync(sarifFile, text);
  return {
    root: workspace.root,
    head: git('rev-parse', 'HEAD'),
    scratch,
    sarifFile,
    dispose: () => {
      workspace.dispose();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** What one run of the CLI printed, and its exit code. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the upload command in-process, in `cwd`, with `env`. */
export async function runUploadIn(cwd: string, argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: UploadIo = { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env };
  const code = await runUpload(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

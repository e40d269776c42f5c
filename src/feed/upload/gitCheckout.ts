/**
 * The commit and branch of the checkout being uploaded, from git, for when --commit and --ref are
 * not given. Outside a git checkout (or without git) both are unknown and must be given.
 */
import { execFileSync } from 'node:child_process';

export interface GitHead {
  commit?: string;
  /** `refs/heads/<branch>`; unknown on a detached HEAD, as CI systems often check out. */
  ref?: string;
}

function git(root: string, args: readonly string[]): string | undefined {
  try {
    const out = execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

export function gitHead(root: string): GitHead {
  const commit = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  const ref = git(root, ['symbolic-ref', '--quiet', 'HEAD']);
  return { ...(commit ? { commit } : {}), ...(ref ? { ref } : {}) };
}

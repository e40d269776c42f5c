/**
 * How many findings each commit has, kept as the store changes (told of each finding added and
 * removed), so that the closed files' pass (views/closedFiles.ts) can pick the commits to ask git
 * about without walking every finding after each sync: a sync of 100 changes must not cost a walk
 * of 100,000 findings. The choice is made again only when a commit's count changed; a finding
 * replaced at the same commit (a new revision, the common change) leaves it as it was.
 */
import type { StoredFinding } from './store';

type Counted = Pick<StoredFinding, 'finding' | 'resolution'>;

/** The commits git is asked about (those with most findings, at most the bound), and the others (`undefined`: findings without one). */
export interface CommitsToAsk {
  asked: string[];
  others: ReadonlySet<string | undefined>;
}

export class CommitTally<S extends Counted = StoredFinding> {
  /** Findings with a resolved path, by commit. */
  private readonly counts = new Map<string | undefined, number>();
  /** The commits whose count moved since the last answer, with their count then. */
  private readonly moved = new Map<string | undefined, number>();
  private answer: { max: number; commits: CommitsToAsk } | undefined;

  added(stored: S): void {
    this.apply(stored, 1);
  }

  removed(stored: S): void {
    this.apply(stored, -1);
  }

  /** The commits to ask git about, at most `max`: chosen again only when a count changed since the last answer. */
  ask(max: number): CommitsToAsk {
    if (this.answer?.max !== max || this.countsMoved()) this.answer = { max, commits: commitsByCount(this.counts, max) };
    this.moved.clear();
    return this.answer.commits;
  }

  private apply({ finding, resolution }: S, sign: 1 | -1): void {
    if (!resolution.ok) return;
    const commit = finding.commit;
    const before = this.counts.get(commit) ?? 0;
    if (!this.moved.has(commit)) this.moved.set(commit, before);
    const after = before + sign;
    if (after === 0) this.counts.delete(commit);
    else this.counts.set(commit, after);
  }

  private countsMoved(): boolean {
    for (const [commit, then] of this.moved) if ((this.counts.get(commit) ?? 0) !== then) return true;
    return false;
  }
}

/** The commits with most findings (at most `max`), and the others (`undefined` for findings without one). */
export function commitsByCount(counts: ReadonlyMap<string | undefined, number>, max: number): CommitsToAsk {
  const withCommit = [...counts].filter((e): e is [string, number] => e[0] !== undefined);
  const asked =
    withCommit.length <= max
      ? withCommit.map(([c]) => c)
      : withCommit
          .sort((a, b) => b[1] - a[1])
          .slice(0, max)
          .map(([c]) => c);
  const chosen = new Set(asked);
  const others = new Set([...counts.keys()].filter((c) => c === undefined || !chosen.has(c)));
  return { asked, others };
}

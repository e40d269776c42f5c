/**
 * Closed files kept right: when a file with findings differs on disk from the text of its findings'
 * commit, its findings are anchored to the text on disk, in the background, as they would be once
 * the file is opened, so that the Problems list and a double-click on an entry point at the code.
 *
 * Which files: those git lists as changed since the findings' commits (workspace/changedFiles.ts),
 * so that the cost follows the files that changed, not the size of the feed. Findings whose commit
 * git cannot answer for (no repository, a shallow clone, no commit in the feed, beyond the
 * {@link MAX_COMMITS_ASKED} commits with most findings) have their files checked instead: each is
 * read and its findings' snippets (or line hashes) compared with the lines the feed names, at most
 * {@link MAX_FILES_CHECKED} files per pass; only a file where they differ is anchored.
 *
 * When: after a sync that changed findings, when the editor says files changed on disk
 * (`workspace/didChangeWatchedFiles`), when a file is closed, and, for an editor that watches no
 * files for us, after every sync. A file done since its last change is not done again ("fresh").
 *
 * How: one file at a time (each read is a turn of the event loop), with a pause every
 * {@link SLICE_MS} of work so that requests (hovers, code lenses) are answered meanwhile; what moved
 * is published slice by slice. A file that is open is the anchor book's (the editor's text); a file
 * that cannot be read (gone, outside the folder, over {@link MAX_ANCHORED_BYTES}) is drawn at its
 * feed lines, as before.
 */
import { splitLines } from '../anchoring/text';
import type { CommitsToAsk } from '../findings/commitTally';
import type { FindingCore, StoredFinding } from '../findings/store';
import type { ChangedFiles } from '../workspace/changedFiles';
import { anchorClosedFile, ClosedAnchors, feedLinesHold } from './closedAnchors';
import type { Placement } from './placement';

/** Commits asked about per pass, those with most findings first; the findings of the others are checked file by file. */
export const MAX_COMMITS_ASKED = 32;
/** Files whose findings git cannot answer for, read and checked per pass. */
export const MAX_FILES_CHECKED = 2_000;
/** The largest closed file anchored (bytes); a bigger one is drawn at its feed lines. */
export const MAX_ANCHORED_BYTES = 4 * 1024 * 1024;
/** Work between two pauses for requests (ms). */
export const SLICE_MS = 8;
/** Files whose texts at their commits are asked of git at once (one process for them all). */
export const BASES_AT_ONCE = 64;
/** Findings walked between two looks at the clock when planning the checks. */
const WALK_STEP = 1024;

type Job = 'anchor' | 'check';

export interface ClosedFilesDeps {
  /** The store. */
  findings: { all(): Iterable<StoredFinding>; inFile(uri: string): StoredFinding[] };
  /** The commits to ask git about, at most `max`, kept as the store changes (findings/commitTally.ts): no walk of the findings. */
  commits(max: number): CommitsToAsk;
  isOpen(uri: string): boolean;
  /** The file's text (inside the project folder only, at most {@link MAX_ANCHORED_BYTES}), or undefined. */
  read(uri: string): Promise<string | undefined>;
  /** The finding's file at its commit, when the repository has it. */
  baseOf(finding: FindingCore): Promise<string | undefined>;
  /** Asks for these findings' files at their commits at once, before {@link baseOf} is asked for each (optional). */
  prefetchBases?(findings: readonly FindingCore[]): Promise<void>;
  /** What git says changed since each commit; undefined when the folder is no repository's root. */
  changedFiles(commits: readonly string[]): Promise<ChangedFiles | undefined>;
  /** A path relative to the folder as the URI the findings of that file are kept under, or undefined when refused. */
  uriOf(path: string): string | undefined;
  /** Closed files whose findings are drawn elsewhere now: publish them again. */
  moved(uris: string[]): void;
  log(level: 'info' | 'warn', message: string): void;
  /** Lets requests waiting be answered (setImmediate by default). */
  pause?: () => Promise<void>;
  /** Work between two pauses (ms), {@link SLICE_MS} by default. */
  sliceMs?: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ClosedFiles {
  readonly anchors = new ClosedAnchors();
  private readonly queue = new Map<string, Job>();
  /** Files done since their last change on disk or in the feed: a pass skips them. */
  private readonly fresh = new Set<string>();
  private working: Promise<void> | undefined;
  /** Files whose texts at their commits were asked for in this drain (see askBasesAhead). */
  private readonly basesAsked = new Set<string>();
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private stopped = false;
  private lastNote = '';

  constructor(private readonly deps: ClosedFilesDeps) {}

  /** Where `finding` is drawn in the closed file `uri`, when its file was anchored for it. */
  placement(uri: string, finding: FindingCore | undefined): Placement | undefined {
    return this.anchors.placement(uri, finding);
  }

  /**
   * Finds the closed files that differ from their findings' commits and anchors them; resolves when
   * done. `everything`: forget what was done (nothing watches the files for us: any may have changed).
   */
  scan(everything = false): Promise<void> {
    if (everything) this.fresh.clear();
    if (this.scanning) {
      this.scanAgain = true;
      return this.scanning;
    }
    this.scanning = this.scanUntilSettled().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** These files changed on disk, were closed, or their findings changed: done again now (those with findings and closed). */
  changed(uris: Iterable<string>): Promise<void> {
    for (const uri of uris) {
      this.fresh.delete(uri);
      if (!this.deps.isOpen(uri) && (this.anchors.has(uri) || this.deps.findings.inFile(uri).length > 0)) this.queue.set(uri, 'anchor');
    }
    return this.work();
  }

  /** Forgets that these files were done (their findings changed): the next pass looks at them again. */
  stale(uris: Iterable<string>): void {
    for (const uri of uris) this.fresh.delete(uri);
  }

  /** Resolves once nothing is queued. */
  idle(): Promise<void> {
    return this.working ?? Promise.resolve();
  }

  /** The session closed: nothing more is read. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  private async scanUntilSettled(): Promise<void> {
    do {
      this.scanAgain = false;
      try {
        const plan = await this.plan();
        for (const [uri, job] of plan) if (this.queue.get(uri) !== 'anchor') this.queue.set(uri, job);
      } catch (e) {
        this.deps.log('warn', `closed files: finding which files changed failed; they stay at the feed's lines until opened: ${String(e)}`);
      }
      await this.work();
    } while (this.scanAgain && !this.stopped);
  }

  /** The files to look at in this pass, and how. */
  private async plan(): Promise<Map<string, Job>> {
    const plan = new Map<string, Job>();
    const { asked, others } = this.deps.commits(MAX_COMMITS_ASKED);
    const git = asked.length > 0 ? await this.deps.changedFiles(asked).catch(() => undefined) : undefined;
    // The asked commits git had no answer for; with `others`, those whose findings are checked file by file.
    const unansweredAsked = new Set<string>();
    const notes: string[] = [];
    for (const commit of asked) {
      const answer = git?.byCommit.get(commit);
      if (answer?.known) this.planChanged(plan, [...answer.paths, ...(git?.untracked ?? [])], commit);
      else {
        unansweredAsked.add(commit);
        if (answer && notes.length < 3) notes.push(answer.why);
      }
    }
    // A file placed before and no longer listed as changed may have been put back: check it.
    for (const uri of this.anchors.uris()) if (!plan.has(uri) && !this.fresh.has(uri)) plan.set(uri, 'check');
    if (others.size > 0 || unansweredAsked.size > 0) {
      const unanswered = (commit: string | undefined) => others.has(commit) || (commit !== undefined && unansweredAsked.has(commit));
      await this.planChecks(plan, unanswered, git === undefined && asked.length > 0 ? 'no repository' : notes.join('; '));
    }
    return plan;
  }

  /** The files git listed as changed since `commit` that have findings at that commit, not done since. */
  private planChanged(plan: Map<string, Job>, paths: Iterable<string>, commit: string): void {
    for (const path of paths) {
      const uri = this.deps.uriOf(path);
      if (uri === undefined || this.fresh.has(uri) || this.deps.isOpen(uri)) continue;
      if (this.deps.findings.inFile(uri).some((s) => s.finding.commit === commit)) plan.set(uri, 'anchor');
    }
  }

  /**
   * The files of findings whose commit git did not answer for, not done since, at most
   * {@link MAX_FILES_CHECKED}. It walks every finding: in slices, pausing like the drain, so that a
   * sync or a request is not held up by a walk of 100,000 findings.
   */
  private async planChecks(plan: Map<string, Job>, unanswered: (commit: string | undefined) => boolean, why: string): Promise<void> {
    const pause = this.deps.pause ?? nextTurn;
    let planned = 0;
    let skipped = 0;
    let walked = 0;
    let slice = performance.now();
    for (const { finding, resolution } of this.deps.findings.all()) {
      if (++walked % WALK_STEP === 0 && performance.now() - slice >= (this.deps.sliceMs ?? SLICE_MS)) {
        await pause();
        if (this.stopped) return;
        slice = performance.now();
      }
      if (!resolution.ok || !unanswered(finding.commit)) continue;
      const uri = resolution.uri;
      if (plan.has(uri) || this.fresh.has(uri) || this.deps.isOpen(uri)) continue;
      if (planned >= MAX_FILES_CHECKED) {
        skipped += 1;
        continue;
      }
      plan.set(uri, 'check');
      planned += 1;
    }
    const note =
      skipped > 0
        ? `closed files: git could not say which files changed (${why || 'findings without a commit'}); ${planned} files checked against the feed's snippets this pass, the findings of the others (${skipped} more) stay at the feed's lines until their file is opened or a later pass`
        : '';
    if (note !== this.lastNote && note !== '') this.deps.log('info', note);
    this.lastNote = note;
  }

  private work(): Promise<void> {
    if (this.queue.size === 0 || this.stopped) return this.working ?? Promise.resolve();
    this.working ??= this.drain();
    return this.working;
  }

  /** Does the queued files, pausing every {@link SLICE_MS} for requests and publishing what moved so far. */
  private async drain(): Promise<void> {
    const pause = this.deps.pause ?? nextTurn;
    let moved: string[] = [];
    let slice = performance.now();
    try {
      while (this.queue.size > 0 && !this.stopped) {
        const [uri, job] = this.queue.entries().next().value as [string, Job];
        this.queue.delete(uri);
        if (job === 'anchor' && !this.basesAsked.has(uri)) await this.askBasesAhead(uri);
        if (await this.one(uri, job).catch((e: unknown) => this.failed(uri, e))) moved.push(uri);
        if (performance.now() - slice >= (this.deps.sliceMs ?? SLICE_MS)) {
          if (moved.length > 0) this.deps.moved(moved);
          moved = [];
          await pause();
          slice = performance.now();
        }
      }
      if (moved.length > 0 && !this.stopped) this.deps.moved(moved);
    } finally {
      // Cleared in the same turn as the last look at the queue: a file queued after it starts a new drain.
      this.working = undefined;
      this.basesAsked.clear();
    }
  }

  /** Anchors (or checks) one closed file from its text on disk; returns whether its findings are drawn elsewhere now. */
  private async one(uri: string, job: Job): Promise<boolean> {
    if (this.deps.isOpen(uri)) return false; // the editor's text is the anchor book's; done again when it closes
    const findings = this.findingsOf(uri);
    const text = findings.length === 0 ? undefined : await this.deps.read(uri);
    if (this.stopped || this.deps.isOpen(uri)) return false;
    this.fresh.add(uri);
    if (text === undefined) return this.anchors.drop(uri);
    if (job === 'check' && allHold(findings, text)) return this.anchors.drop(uri);
    const bases = await Promise.all(
      findings.map((f) => (f.commit === undefined ? Promise.resolve(undefined) : this.deps.baseOf(f).catch(() => undefined))),
    );
    if (this.stopped || this.deps.isOpen(uri)) return false;
    if (!sameFindings(findings, this.findingsOf(uri))) {
      // The feed changed them while git answered: once more, with the new ones.
      this.fresh.delete(uri);
      this.queue.set(uri, job);
      return false;
    }
    return this.anchors.set(uri, anchorClosedFile(findings, text, bases));
  }

  /** Asks git at once for the texts at their commits of this file and of the next ones to anchor, at most {@link BASES_AT_ONCE} files. */
  private async askBasesAhead(uri: string): Promise<void> {
    if (!this.deps.prefetchBases) return;
    const files = [uri];
    for (const [next, job] of this.queue) {
      if (files.length >= BASES_AT_ONCE) break;
      if (job === 'anchor' && !this.basesAsked.has(next) && !this.deps.isOpen(next)) files.push(next);
    }
    for (const file of files) this.basesAsked.add(file);
    await this.deps.prefetchBases(files.flatMap((file) => this.findingsOf(file))).catch(() => undefined);
  }

  /** One file failed (the engine threw, say): its findings go back to the feed's lines, and the log says so. */
  private failed(uri: string, e: unknown): boolean {
    this.deps.log('warn', `closed files: anchoring ${uri} failed; its findings stay at the feed's lines until it is opened: ${String(e)}`);
    return this.anchors.drop(uri);
  }

  private findingsOf(uri: string): FindingCore[] {
    return this.deps.findings.inFile(uri).map((s) => s.finding);
  }
}

function allHold(findings: readonly FindingCore[], text: string): boolean {
  const lines = splitLines(text);
  return findings.every((f) => feedLinesHold(f.location, lines));
}

function sameFindings(a: readonly FindingCore[], b: readonly FindingCore[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/**
 * The sender lock: only one process (one VS Code window) sends from an outbox folder at a time, so
 * two windows on the same workspace do not send the same decision twice.
 *
 * The lock is a file created with `open(..., 'wx')` holding `{ pid, hostname, at, token }`. Its
 * holder refreshes `at` (heartbeat) while it sends; a lock whose `at` is older than `staleMs`, or
 * whose pid is dead on this host, is taken over. A takeover races only with another takeover of the
 * same stale lock; the holder re-checks its token before each send, and if two sends ever overlap the
 * entry's Idempotency-Key makes the feed replay the first answer instead of applying it twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isErrno, readIfExists, syncDirectory, writeFileAtomic } from '../storage/durableFiles';

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** Epoch ms of the last heartbeat. */
  at: number;
  /** Tells two holders in one process apart (two outboxes on one folder, as in tests). */
  token: string;
}

export interface LockOptions {
  file: string;
  /** A lock older than this is taken over. */
  staleMs: number;
  now: () => number;
  hostname?: string;
  pid?: number;
  isAlive?: (pid: number) => boolean;
}

/** True when a process with that pid exists on this host (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}

/** Whether a lock may be taken over: its heartbeat is too old, or its process is gone from this host. */
export function isStale(
  info: LockInfo,
  here: { now: number; staleMs: number; hostname: string; isAlive: (pid: number) => boolean },
): boolean {
  if (here.now - info.at > here.staleMs) return true;
  return info.hostname === here.hostname && !here.isAlive(info.pid);
}

/** Parses a lock file's text; undefined when it is empty or not a lock (a creator is mid-write). */
export function parseLock(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.at === 'number' && typeof v.token === 'string') {
      return v as LockInfo;
    }
  } catch {
    // fall through
  }
  return undefined;
}

export class SenderLock {
  private token: string | undefined;
  /** Lock operations of this holder run one at a time: a heartbeat in flight must not re-create a lock just released. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly hostname: string;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(private readonly opts: LockOptions) {
    this.hostname = opts.hostname ?? os.hostname();
    this.pid = opts.pid ?? process.pid;
    this.isAlive = opts.isAlive ?? isProcessAlive;
  }

  get held(): boolean {
    return this.token !== undefined;
  }

  /** Takes the lock if it is free or stale; false when another live holder has it. */
  tryAcquire(): Promise<boolean> {
    return this.serial(() => this.acquire());
  }

  /** Heartbeat: refreshes `at`. False (and the lock counts as lost) when someone else holds it now. */
  refresh(): Promise<boolean> {
    return this.serial(async () => {
      if (!(await this.checkHeld())) return false;
      await writeFileAtomic(this.opts.file, JSON.stringify(this.info()));
      return true;
    });
  }

  /** True when the lock file still carries this holder's token. */
  stillHeld(): Promise<boolean> {
    return this.serial(() => this.checkHeld());
  }

  /** Lets the lock go (only if it is still ours). */
  release(): Promise<void> {
    return this.serial(async () => {
      if (await this.checkHeld()) {
        await fs.rm(this.opts.file, { force: true });
        await syncDirectory(path.dirname(this.opts.file));
      }
      this.token = undefined;
    });
  }

  private async acquire(): Promise<boolean> {
    if (await this.create()) return true;
    const text = await readIfExists(this.opts.file);
    if (text === undefined) return this.create();
    if (!(await this.mayTakeOver(text))) return false;
    const aside = `${this.opts.file}.stale-${this.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await fs.rename(this.opts.file, aside);
      await fs.rm(aside, { force: true });
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
    return this.create();
  }

  private async checkHeld(): Promise<boolean> {
    if (this.token === undefined) return false;
    const text = await readIfExists(this.opts.file);
    const info = text === undefined ? undefined : parseLock(text);
    if (info?.token === this.token) return true;
    this.token = undefined;
    return false;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async mayTakeOver(text: string): Promise<boolean> {
    const info = parseLock(text);
    if (info) return isStale(info, { now: this.opts.now(), staleMs: this.opts.staleMs, hostname: this.hostname, isAlive: this.isAlive });
    // Unreadable: either a creator is between its open and its write, or it died there. The
    // file's mtime (file-system time) tells which.
    const stat = await fs.stat(this.opts.file).catch(() => undefined);
    return stat !== undefined && Date.now() - stat.mtimeMs > this.opts.staleMs;
  }

  private async create(): Promise<boolean> {
    const token = randomUUID();
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.opts.file, 'wx', 0o600);
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return false;
      throw err;
    }
    this.token = token;
    try {
      await handle.writeFile(JSON.stringify(this.info()), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  }

  private info(): LockInfo {
    return { pid: this.pid, hostname: this.hostname, at: this.opts.now(), token: this.token ?? '' };
  }
}

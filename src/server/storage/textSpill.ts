/**
 * The findings' long texts (the model's message, the flow and related locations: about half of a
 * finding's memory, read only for a hover, the panel, a file's diagnostics or the cache) kept in a
 * scratch file instead of the heap. At 100,000 findings that is over 100 MB the server does not hold.
 *
 * The file is private to this process: created with mode 0600 in the extension's storage folder (or
 * the temp folder) and unlinked at once where the platform allows it, so nothing is left behind
 * when the server ends, even on a crash. Records are appended through a 1 MB buffer and read back
 * with positioned reads of 64 KB from the record on (a few microseconds: the bytes are in the OS
 * page cache), which serve the records after it too.
 *
 * If the file cannot be opened or written (disk full, read-only folder), the texts stay in memory:
 * the server uses more memory but loses nothing, and says so once in the log.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where a record is: byte offset and byte length. */
export interface TextRef {
  at: number;
  length: number;
}

/** A place to put strings and read them back by reference. */
export interface TextStore {
  put(text: string): TextRef;
  get(ref: TextRef): string;
  /** Bytes held by records (live or not), and whether they are in memory rather than on disk. */
  readonly size: number;
  readonly inMemory: boolean;
  dispose(): void;
}

const CHUNK = 1 << 20;
/** Bytes read from the file at once, from the record asked for on. */
const READ_AHEAD = 64 * 1024;

/** Records in memory only: for tests, and what a spill falls back to. */
export class MemoryTexts implements TextStore {
  private readonly texts: string[] = [];
  readonly inMemory = true;
  size = 0;

  put(text: string): TextRef {
    this.texts.push(text);
    this.size += text.length;
    return { at: this.texts.length - 1, length: text.length };
  }

  get(ref: TextRef): string {
    const text = this.texts[ref.at];
    if (text === undefined) throw new Error(`no text at ${ref.at}`);
    return text;
  }

  dispose(): void {
    this.texts.length = 0;
  }
}

const LEFTOVER = /^findings-texts-(\d+)-[0-9a-f]+\.tmp$/;

/**
 * Removes scratch files of servers that are gone. Only where a file could not be unlinked while
 * open (Windows) can one be left, by a server that crashed; a live server's file is left alone.
 */
function removeLeftovers(folder: string): void {
  for (const name of fs.readdirSync(folder)) {
    const pid = LEFTOVER.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    fs.rmSync(path.join(folder, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** A chunk of records kept in memory: the one being filled, or ones that could not be written. */
interface HeldChunk {
  at: number;
  buf: Buffer;
  used: number;
}

export class TextSpill implements TextStore {
  private fd: number | undefined;
  private file: string | undefined;
  /** Bytes written to the file; every record below this offset is on disk. */
  private onDisk = 0;
  /** Chunks not on disk, in offset order: the last is being filled. */
  private readonly held: HeldChunk[] = [];
  private failed = false;
  /** A written chunk's buffer, filled again next: one 1 MB allocation for the whole file, not one per MB. */
  private spare: Buffer | undefined;
  /** The bytes last read from the file (see readBlock). */
  private lastRead: HeldChunk | undefined;

  /**
   * @param dir folder for the scratch file; undefined: the OS temp folder
   * @param warn told once when the texts stay in memory instead
   */
  constructor(
    dir: string | undefined,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    const folder = dir ?? os.tmpdir();
    try {
      fs.mkdirSync(folder, { recursive: true });
      removeLeftovers(folder);
      this.file = path.join(folder, `findings-texts-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
      this.fd = fs.openSync(this.file, 'w+', 0o600);
      try {
        fs.unlinkSync(this.file); // POSIX: the open descriptor keeps it readable; nothing stays behind
        this.file = undefined;
      } catch {
        // Windows may refuse while it is open: it is removed in dispose().
      }
    } catch (e) {
      this.fall(`cannot create a scratch file in ${folder} (${(e as Error).message})`);
    }
  }

  get size(): number {
    const last = this.held[this.held.length - 1];
    return last ? last.at + last.used : this.onDisk;
  }

  get inMemory(): boolean {
    return this.failed;
  }

  put(text: string): TextRef {
    const length = Buffer.byteLength(text, 'utf8');
    let chunk = this.held[this.held.length - 1];
    if (!chunk || chunk.used + length > chunk.buf.length) {
      if (chunk) this.flush();
      const spare = this.spare !== undefined && this.spare.length >= length ? this.spare : undefined;
      this.spare = undefined;
      chunk = { at: this.size, buf: spare ?? Buffer.allocUnsafe(Math.max(CHUNK, length)), used: 0 };
      this.held.push(chunk);
    }
    const at = chunk.at + chunk.used;
    chunk.used += chunk.buf.write(text, chunk.used, 'utf8');
    return { at, length };
  }

  get(ref: TextRef): string {
    if (ref.at + ref.length <= this.onDisk && this.fd !== undefined) {
      const block = this.readBlock(ref);
      const start = ref.at - block.at;
      return block.buf.toString('utf8', start, start + ref.length);
    }
    const chunk = this.chunkAt(ref.at);
    const start = ref.at - chunk.at;
    return chunk.buf.toString('utf8', start, start + ref.length);
  }

  dispose(): void {
    this.held.length = 0;
    this.lastRead = undefined;
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    if (this.file !== undefined) fs.rmSync(this.file, { force: true });
    this.file = undefined;
  }

  /**
   * The block of the file holding `ref`: the last one read when it holds it, else READ_AHEAD bytes
   * (or the record, if longer) read from the record on. The records of findings read in the order
   * they came (the cache's rewrite, the whole list) are next to each other: one read serves dozens,
   * where one read per record cost 200,000 reads at 100,000 findings. Bytes on disk never change.
   */
  private readBlock(ref: TextRef): HeldChunk {
    const last = this.lastRead;
    if (last && ref.at >= last.at && ref.at + ref.length <= last.at + last.used) return last;
    const want = Math.min(Math.max(READ_AHEAD, ref.length), this.onDisk - ref.at);
    const buf = want <= READ_AHEAD && last?.buf.length === READ_AHEAD ? last.buf : Buffer.allocUnsafe(Math.max(READ_AHEAD, want));
    let read = 0;
    while (read < ref.length) {
      const n = fs.readSync(this.fd!, buf, read, want - read, ref.at + read);
      if (n === 0) throw new Error(`the findings' scratch file ends before byte ${ref.at + ref.length}`);
      read += n;
    }
    this.lastRead = { at: ref.at, buf, used: read };
    return this.lastRead;
  }

  /** Writes the full chunks to the file (all but the one being filled); on failure they stay held. */
  private flush(): void {
    if (this.failed || this.fd === undefined) return;
    while (this.held.length > 0) {
      const chunk = this.held[0]!;
      try {
        let written = 0;
        while (written < chunk.used) written += fs.writeSync(this.fd, chunk.buf, written, chunk.used - written, chunk.at + written);
      } catch (e) {
        this.fall(`cannot write the scratch file (${(e as Error).message})`);
        return;
      }
      this.onDisk = chunk.at + chunk.used;
      this.held.shift();
      if (chunk.buf.length === CHUNK) this.spare = chunk.buf;
    }
  }

  private chunkAt(at: number): HeldChunk {
    // Held chunks are few (one, unless the disk failed): a backwards scan finds the last one first.
    for (let i = this.held.length - 1; i >= 0; i--) if (this.held[i]!.at <= at) return this.held[i]!;
    throw new Error(`no text at byte ${at}`);
  }

  private fall(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.warn(`${why}: the findings' messages and flows stay in memory instead (the server uses more memory; nothing is lost)`);
  }
}

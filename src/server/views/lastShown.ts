/**
 * Keeps the open files' last diagnostics on disk for the editor's next start (the file's shape and
 * why: src/shared/lastShown.ts). Written once the open files and their diagnostics have rested for
 * a second, and at shutdown; atomically, so a start never reads half of one.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { LAST_SHOWN_LIMITS, type LastShown, type ShownDiagnostic, type ShownFile } from '../../shared/lastShown';
import { writeFileAtomic } from '../storage/durableFiles';

export interface LastShownDeps {
  /** Where to write, and for which feed and project; undefined when nothing is kept (no storage folder, no feed). */
  target(): { file: string; feedUrl: string; project: string } | undefined;
  /** The files open now, with their text now. */
  openFiles(): Array<{ uri: string; text: string }>;
  /** The diagnostics `uri` shows now. */
  diagnostics(uri: string): Diagnostic[];
  /** sha256 hex of a text. */
  hash(text: string): string;
  log(level: 'warn', message: string): void;
}

export const REST_MS = 1_000;

export class LastShownWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: LastShownDeps,
    private readonly restMs = REST_MS,
  ) {}

  /** The open files, their text or their diagnostics changed: written once they rest. */
  changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.restMs);
    this.timer.unref();
  }

  /** Writes now what waits to be written (at shutdown); resolves once written. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private write(): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const target = this.deps.target();
        if (!target) return;
        const shown = lastShownOf(target.feedUrl, target.project, this.deps.openFiles(), this.deps.diagnostics, this.deps.hash);
        await writeFileAtomic(target.file, JSON.stringify(shown));
      })
      .catch((e: unknown) => this.deps.log('warn', `could not keep the open files' diagnostics for the next start: ${String(e)}`));
    return this.writing;
  }
}

/**
 * What is kept: the open files that show diagnostics, in the order given, each with the hash of its
 * text, as long as the limits allow (a file that would pass them is left out, the next may fit).
 */
export function lastShownOf(
  feedUrl: string,
  project: string,
  open: ReadonlyArray<{ uri: string; text: string }>,
  diagnostics: (uri: string) => Diagnostic[],
  hash: (text: string) => string,
): LastShown {
  const files: ShownFile[] = [];
  let total = 0;
  for (const { uri, text } of open) {
    if (files.length >= LAST_SHOWN_LIMITS.files) break;
    if (!uri.startsWith('file:')) continue;
    const shown = diagnostics(uri).flatMap((d) => shownDiagnostic(d) ?? []);
    if (shown.length === 0 || total + shown.length > LAST_SHOWN_LIMITS.diagnostics) continue;
    files.push({ uri, textHash: hash(text), diagnostics: shown });
    total += shown.length;
  }
  return { version: 1, feedUrl, project, files };
}

/** The parts kept of a diagnostic of ours (one without a finding's id is not ours: left out). */
function shownDiagnostic(d: Diagnostic): ShownDiagnostic | undefined {
  const findingId = (d.data as { findingId?: unknown } | undefined)?.findingId;
  if (typeof findingId !== 'string') return undefined;
  const shown: ShownDiagnostic = { range: d.range, message: d.message.slice(0, LAST_SHOWN_LIMITS.message), data: { findingId } };
  if (d.severity !== undefined) shown.severity = d.severity;
  if (d.source !== undefined) shown.source = d.source;
  if (typeof d.code === 'string') shown.code = d.code;
  if (d.codeDescription?.href.startsWith('https://')) shown.codeDescription = { href: d.codeDescription.href };
  if (d.tags?.length) shown.tags = d.tags;
  return shown;
}

/**
 * The floor of the warm first squiggle: how soon after activate() ran any extension can have its
 * squiggle drawn in the open file, measured in the same code-server, on a copy of the same
 * workspace with the same file open. The floor extension (floorExtension.ts), packaged to activate
 * on `onLanguage` as Findings Lens is, reads the open file's diagnostics (the same ones) from a
 * small file and sets them synchronously in activate()'s own turn, as Findings Lens shows the ones
 * it kept (src/client/lastShown.ts), and logs Findings Lens's first line, so activate() is placed
 * as Findings Lens's is (editorLogs.ts `activateRan`).
 *
 * The start measured is the kind Findings Lens's warm start is: a later start of the same editor
 * (same user data, browser profile and port), opened on the same file, after a first start that
 * installed the extension and showed its squiggle. The extension host carries the same CPU
 * profile and stall probe as in Findings Lens's starts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { activateRan, activationOf, channelLog, readLog, sessionLogs, type LogLine } from './editorLogs';
import { stallFigures, waitForFindings, type RunFigures } from './editorRun';
import { editorDirs, startEditor, type EditorStart } from './editorSession';
import { FLOOR_EXTENSION_ID, FLOOR_LOG, floorSettings, floorVsix, isFloorCode } from './floorExtension';
import { listedInProblems, type FloorFile } from './floorDiagnostics';
import { watched } from './floorRun';
import { pageTimes } from './pageProbe';
import { wallTimeOf } from './processWatch';
import { attributeStalls, heldBetween, type HeldBetween } from './stalls';
import { writeEditorWorkspace, type EditorWorkspace } from './workspace';

/** One warm start of the floor; times in milliseconds after the page's load event. */
export interface WarmFloorRun {
  /** The open file's diagnostics set in activate(), and how many Problems lists. */
  diagnostics: number;
  problems: number;
  activationEvent: string | null;
  /** When activate() ran (null: its line was not found). */
  activateRanMs: number | null;
  /** When the open editor first showed the file's text. */
  fileTextMs: number | null;
  firstSquiggleMs: number;
  stalls: RunFigures['stalls'];
  /**
   * Between activate() and the first squiggle: how long the extension host was stalled (every
   * stall the probe saw, of any cause), what held it longest, and the renderer's long tasks.
   */
  between?: HeldBetween;
  /** When the extension host's profile and stall probe started: stalls before it are not seen. */
  watchedFromMs: number;
}

export interface WarmFloorOptions {
  root: string;
  /** The warm floor's own folder under the floor's. */
  scratch: string;
  workspace: EditorWorkspace;
  /** The open file's diagnostics, as the memory floor has them (floorDiagnostics.ts). */
  openFile: FloorFile;
  feedUrl: string;
  /** Warm starts measured (the median is reported, as for Findings Lens's). */
  runs: number;
  timeoutMs: number;
  log: (line: string) => void;
}

/** A first start that installs the floor extension, then `runs` warm starts, measured. */
export async function measureWarmFloor(o: WarmFloorOptions): Promise<WarmFloorRun[]> {
  if (o.openFile.path !== o.workspace.openFile.path)
    throw new Error(`the warm floor's diagnostics are of ${o.openFile.path}, not of the open file ${o.workspace.openFile.path}`);
  const vsix = floorVsix(o.root, path.join(o.scratch, 'package'), 'onLanguage');
  const dirs = await editorDirs(path.join(o.scratch, 'editor'));
  writeEditorWorkspace(dirs.workspace);
  const diagnosticsFile = path.join(o.scratch, 'open-file.json');
  writeFileSync(diagnosticsFile, JSON.stringify(o.openFile));
  const doneFile = path.join(o.scratch, 'done.json');
  const problems = listedInProblems(o.openFile);
  const start: EditorStart = {
    dirs,
    feedUrl: o.feedUrl,
    openFile: o.workspace.openFile,
    expectedProblems: problems,
    settings: floorSettings({ openFile: diagnosticsFile, doneFile, shape: 'bare' }),
    log: o.log,
  };
  o.log(
    `floor, warm: a first start, installing the floor extension (on onLanguage) with the open file's ${o.openFile.diagnostics.length} diagnostic(s)`,
  );
  await firstStart({ ...start, vsix }, o.timeoutMs);
  const runs: WarmFloorRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    rmSync(doneFile, { force: true });
    const run = await warmStart(start, o.openFile.diagnostics.length, o.timeoutMs);
    const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`);
    o.log(
      `floor, warm ${i + 1} of ${o.runs}: on ${run.activationEvent}; activate() ran ${ms(run.activateRanMs)} after the load event, the file's text ${ms(run.fileTextMs)}, the first squiggle ${ms(run.firstSquiggleMs)}; longest stall ${ms(run.stalls.longest?.ms ?? null)}`,
    );
    runs.push(run);
  }
  return runs;
}

/** The editor's first start: the extension installed, its squiggle drawn, then stopped, as Findings Lens's editor has had a start before its warm one. */
async function firstStart(start: EditorStart, timeoutMs: number): Promise<void> {
  const editor = await startEditor(start);
  try {
    await editor.page.goto(editor.url);
    await waitForFindings(editor, start.expectedProblems, timeoutMs);
  } finally {
    await editor.stop();
  }
}

async function warmStart(start: EditorStart, diagnostics: number, timeoutMs: number): Promise<WarmFloorRun> {
  const editor = await startEditor(start);
  return watched(editor, async (sampler, hostWatch) => {
    await waitForFindings(editor, start.expectedProblems, timeoutMs);
    const logs = await waitForActivation(start.dirs.userData, timeoutMs);
    sampler.stop();
    const watch = await hostWatch;
    const host = await watch.stop();
    const times = await pageTimes(editor.page);
    const after = (at: number | null | undefined) => (at === null || at === undefined ? null : at - times.loadAt);
    const stalls = attributeStalls(host.stallWindows, host.profile, isFloorCode);
    const activateRanMs = after(activateRan(logs.floor, watch.startedAt, FLOOR_LOG));
    const firstSquiggleMs = after(times.firstSquiggleAt)!;
    return {
      diagnostics,
      problems: times.problems.at(-1)?.[1] ?? 0,
      activationEvent: activationOf(logs.host, FLOOR_EXTENSION_ID)?.event ?? null,
      activateRanMs,
      fileTextMs: after(times.fileTextAt),
      firstSquiggleMs,
      stalls: stallFigures(stalls, times.loadAt),
      ...(activateRanMs === null
        ? {}
        : {
            between: heldBetween(
              stalls.map((stall) => ({ atMs: wallTimeOf(stall.startUs) - times.loadAt, ms: stall.ms, top: stall.top })),
              times.longTasks.map(([at, ms]): [number, number] => [at - times.loadAt, ms]),
              activateRanMs,
              firstSquiggleMs,
            ),
          }),
      watchedFromMs: after(watch.attachedAt)!,
    };
  });
}

/** The extension host's log and the floor's, once both say the floor extension was activated. */
async function waitForActivation(userData: string, timeoutMs: number): Promise<{ host: LogLine[]; floor: LogLine[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = sessionLogs(userData);
    if (files) {
      const host = readLog(files.extensionHost);
      const floor = readLog(channelLog(files.extensionHost, FLOOR_EXTENSION_ID, FLOOR_LOG));
      if (activationOf(host, FLOOR_EXTENSION_ID) && activateRan(floor, undefined, FLOOR_LOG) !== undefined) return { host, floor };
    }
    if (Date.now() > deadline) throw new Error('the floor extension did not log its activation in time');
    await new Promise((resolve) => setTimeout(resolve, 250)); // the polling interval, not a wait for an outcome
  }
}

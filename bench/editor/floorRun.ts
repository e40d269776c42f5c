/**
 * The floor of the extension host's memory at one size, measured in the same code-server as
 * Findings Lens, on a copy of the same workspace with the same file open: the floor extension
 * (floorExtension.ts) setting the same diagnostics, in each shape, and (when asked) the bare
 * editor, where it sets nothing. Each start is the floor's first (it installs the extension): the
 * window is from the editor's start until the extension says it set everything and Problems shows
 * the expected total, then TAIL_MS more, as Findings Lens's cold start is sampled on after its
 * findings are in Problems while the server ends its sync and writes its cache. The extension host
 * is watched as in Findings Lens's starts (its CPU profile and stall probe, which take memory of
 * their own), and its heap after a full GC is read at the end. Its stalls are attributed by the
 * same rule as Findings Lens's (stalls.ts), with the floor extension's code as "ours": what VS Code
 * does with the same diagnostics when no code of Findings Lens runs.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { activateRan, channelLog, readLog, sessionLogs } from './editorLogs';
import { stallFigures, type RunFigures } from './editorRun';
import { editorDirs, startEditor, type EditorDirs, type RunningEditor } from './editorSession';
import { FLOOR_LOG, floorSettings, floorVsix, isFloorCode, FLOOR_EXTENSION_ID, type FloorDone, type FloorShape } from './floorExtension';
import { MemorySampler, type MemoryFigures } from './memorySampler';
import { pageTimes } from './pageProbe';
import { watchProcess, type ProcessWatch } from './processWatch';
import { attributeStalls } from './stalls';
import { writeEditorWorkspace, type EditorWorkspace } from './workspace';

/** How long the sampling goes on once everything is shown: a window of the run, not a wait for an outcome. */
export const TAIL_MS = 5_000;

/** One floor start: what the extension set, and the extension host's memory meanwhile. */
export interface FloorRun {
  /** `bare`/`client`: the floor extension's shape; `editor`: nothing set (the bare editor). */
  kind: FloorShape | 'editor';
  done: FloorDone;
  /** Every diagnostic in Problems, after the page's load event (null: none expected). */
  allInProblemsMs: number | null;
  memory: MemoryFigures;
  /** The extension host's heap in use after a full GC at the end: what it holds. */
  heapAfterGc: number | null;
  /** The extension host's stalls, the floor extension's by Findings Lens's rule (absent: an older record). */
  stalls?: RunFigures['stalls'];
  /** When activate() ran, after the load event (null: its line was not found). */
  activateRanMs?: number | null;
}

export interface FloorOptions {
  root: string;
  /** The floor's own folder under the size's scratch folder. */
  scratch: string;
  workspace: EditorWorkspace;
  /** The JSON lines of the size's diagnostics (floorDiagnostics.ts). */
  diagnosticsFile: string;
  feedUrl: string;
  /** Also measure the editor with the floor extension setting nothing. */
  bareEditor: boolean;
  timeoutMs: number;
  log: (line: string) => void;
}

/** The floor's starts at one size: the bare shape, the language client's shape, and the bare editor when asked. */
export async function measureFloor(o: FloorOptions): Promise<FloorRun[]> {
  const vsix = floorVsix(o.root, o.scratch, 'onStartupFinished');
  const runs: FloorRun[] = [];
  const kinds: Array<FloorRun['kind']> = ['bare', 'client', ...(o.bareEditor ? (['editor'] as const) : [])];
  for (const kind of kinds) {
    const dirs = await editorDirs(path.join(o.scratch, kind));
    writeEditorWorkspace(dirs.workspace);
    o.log(`floor: ${kind === 'editor' ? 'the bare editor (the floor extension sets nothing)' : `the floor extension, ${kind} shape`}`);
    const run = await floorStart(o, dirs, kind, vsix);
    const longest = run.stalls?.longest;
    o.log(
      `floor ${kind}: ${run.done.diagnostics} diagnostic(s) set in ${run.done.calls} call(s), ${run.done.ms} ms; extension host peak ${Math.round(run.memory.peakExtensionHost / 1048576)} MB, heap after a full GC ${Math.round((run.heapAfterGc ?? NaN) / 1048576)} MB; longest stall ${longest ? `${Math.round(longest.ms)} ms (GC ${Math.round(longest.gcMs)} ms)` : 'none'}, ${run.stalls?.over100ms.length ?? 0} over 100 ms`,
    );
    runs.push(run);
  }
  return runs;
}

async function floorStart(o: FloorOptions, dirs: EditorDirs, kind: FloorRun['kind'], vsix: string): Promise<FloorRun> {
  const doneFile = path.join(o.scratch, `${kind}-done.json`);
  rmSync(doneFile, { force: true });
  const expected = kind === 'editor' ? 0 : o.workspace.expectedProblems;
  const editor = await startEditor({
    dirs,
    feedUrl: o.feedUrl,
    openFile: o.workspace.openFile,
    expectedProblems: expected,
    vsix,
    settings: floorSettings({
      diagnosticsFile: kind === 'editor' ? '' : o.diagnosticsFile,
      doneFile,
      shape: kind === 'editor' ? 'bare' : kind,
    }),
    log: o.log,
  });
  return watched(editor, async (sampler, hostWatch) => {
    const done = await waitForDone(doneFile, o.timeoutMs);
    const shownAt = expected === 0 ? null : await allInProblems(editor.page, expected, o.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS)); // the sampling window's tail, not a wait for an outcome
    const memory = sampler.stop();
    const watch = await hostWatch;
    const host = await watch.stop({ heapAfterGc: true });
    const times = await pageTimes(editor.page);
    const logs = sessionLogs(dirs.userData);
    const ranAt = logs && activateRan(readLog(channelLog(logs.extensionHost, FLOOR_EXTENSION_ID, FLOOR_LOG)), watch.startedAt, FLOOR_LOG);
    return {
      kind,
      done,
      allInProblemsMs: shownAt === null ? null : shownAt - times.loadAt,
      memory,
      heapAfterGc: host.heapAfterGc ?? null,
      stalls: stallFigures(attributeStalls(host.stallWindows, host.profile, isFloorCode), times.loadAt),
      activateRanMs: ranAt === undefined ? null : ranAt - times.loadAt,
    };
  });
}

/**
 * Loads the started editor's page with its memory sampled and its extension host watched (CPU
 * profile and stall probe, as in Findings Lens's starts), runs `measure`, then stops the editor.
 */
export async function watched<T>(
  editor: RunningEditor,
  measure: (sampler: MemorySampler, hostWatch: Promise<ProcessWatch>) => Promise<T>,
): Promise<T> {
  const sampler = new MemorySampler(editor.codeServer.process.pid!);
  sampler.start();
  try {
    const hostWatch = sampler.pidOf('extensionHost').then((pid) => watchProcess(pid, { probe: true }));
    hostWatch.catch(() => undefined); // awaited by `measure`; until then a failure to attach must not count as unhandled
    await editor.page.goto(editor.url);
    return await measure(sampler, hostWatch);
  } finally {
    sampler.stop();
    await editor.stop();
  }
}

/** The extension's done file, once written. */
async function waitForDone(file: string, timeoutMs: number): Promise<FloorDone> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the floor extension did not say it was done in time (no ${file})`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the polling interval, not a wait for an outcome
  }
  return JSON.parse(readFileSync(file, 'utf8')) as FloorDone;
}

/** When the page probe saw Problems reach `expected` (wall clock). */
async function allInProblems(page: Parameters<typeof pageTimes>[0], expected: number, timeoutMs: number): Promise<number> {
  try {
    await page.waitForFunction(
      () => (window as unknown as { __editorBench?: { allInProblemsAt: number | null } }).__editorBench?.allInProblemsAt != null,
      undefined,
      { polling: 250, timeout: timeoutMs },
    );
  } catch (error) {
    const last = (await pageTimes(page).catch(() => undefined))?.problems.at(-1)?.[1] ?? 'none';
    throw new Error(`Problems did not reach the floor's ${expected} diagnostics in time (last seen: ${last})`, { cause: error });
  }
  return (await pageTimes(page)).allInProblemsAt!;
}

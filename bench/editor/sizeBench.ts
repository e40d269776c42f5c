/**
 * One feed size in the editor: the workspace and the seeded feed, and for each package measured its
 * own editor (user data, browser profile, port) with a first start that signs in as a user does
 * (Set Feed Token), so the token is in the editor's secret storage. Then the measured starts, cold
 * and warm alternating, the packages taking turns, and (when asked) one more cold start of each
 * with CPU profiles.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Editor } from '../../test/e2e/editor';
import { fixtureKey, preparedDatabase, PROJECT, startFeedProcess, TOKEN, writeSeed } from '../feedFixture';
import { measureStart, type RunFigures, type StartMode } from './editorRun';
import { editorDirs, startEditor, type EditorDirs } from './editorSession';
import { FeedRequests } from './feedRequests';
import { floorFiles, listedInProblems, writeFloorFiles } from './floorDiagnostics';
import { measureFloor, type FloorRun } from './floorRun';
import { measureWarmFloor, type WarmFloorRun } from './warmFloorRun';
import type { Variant } from './packages';
import { editorWorkspace, writeEditorWorkspace, type EditorWorkspace } from './workspace';

export interface SizeOptions {
  root: string;
  /** The scratch folder of this size (workspace, user data, browser profile, feed database). */
  scratch: string;
  seed: number;
  runs: number;
  /** The packages measured, each with its development build for the profiled start. */
  variants: Variant[];
  feedJs: string;
  cacheDir: string;
  profileDir?: string;
  /** Measure the floor (floorRun.ts) after the packages: `editor` adds the bare editor. */
  floor: 'none' | 'diagnostics' | 'editor';
  timeoutMs: number;
  log: (line: string) => void;
}

export interface SizeResult {
  size: number;
  files: number;
  expectedProblems: number;
  openFile: EditorWorkspace['openFile'];
  variants: VariantResult[];
  /** The extension host's floor at this size (absent with --no-floor). */
  floor?: FloorRun[];
  /** The warm first squiggle's floor at this size (absent with --no-floor). */
  warmFloor?: WarmFloorRun[];
}

export interface VariantResult {
  name: string;
  runs: RunFigures[];
  profiled?: RunFigures;
}

export async function benchSize(size: number, o: SizeOptions): Promise<SizeResult> {
  const log = (line: string) => o.log(`[editor ${size}] ${line}`);
  log('generating the workspace and the feed');
  const workspace = editorWorkspace(size, PROJECT, o.seed);
  const db = path.join(o.scratch, 'feed.db');
  const key = fixtureKey(o.root, size, o.seed, { name: 'editor', files: ['bench/editor/workspace.ts'] });
  await preparedDatabase(o.feedJs, o.cacheDir, key, () => seedFile(workspace, o.scratch, log), db);
  const requests = new FeedRequests();
  const feed = await startFeedProcess(o.feedJs, db, undefined, (line) => requests.hear(line));
  try {
    const editors = [];
    for (const [i, variant] of o.variants.entries()) {
      const dirs = await editorDirs(path.join(o.scratch, String(i)));
      writeEditorWorkspace(dirs.workspace);
      log(`${variant.name}: first start, installing the extension and signing in with Set Feed Token`);
      await signIn(dirs, feed.url, workspace, variant.vsix, log, o.timeoutMs);
      editors.push({
        variant,
        setup: { dirs, feedUrl: feed.url, feed: requests, workspace, log, timeoutMs: o.timeoutMs },
        runs: [] as RunFigures[],
      });
    }
    for (let i = 0; i < o.runs; i++) {
      for (const mode of ['cold', 'warm'] as StartMode[]) {
        for (const editor of editors) {
          log(`${editor.variant.name}: run ${i + 1} of ${o.runs}, ${mode}`);
          const figures = await measureStart(editor.setup, mode);
          log(summary(figures));
          editor.runs.push(figures);
        }
      }
    }
    const variants: VariantResult[] = [];
    for (const { variant, setup, runs } of editors) {
      let profiled: RunFigures | undefined;
      if (o.profileDir && variant.devVsix) {
        log(`${variant.name}: a cold start with CPU profiles of the extension host, the server and the renderer (development build)`);
        mkdirSync(o.profileDir, { recursive: true });
        await signIn(setup.dirs, feed.url, workspace, variant.devVsix, log, o.timeoutMs);
        profiled = await measureStart(
          { ...setup, profileTo: { dir: o.profileDir, name: `${size}-cold-${variant.name.replace(/[^\w.-]+/g, '_')}` } },
          'cold',
        );
        log(summary(profiled));
      }
      variants.push({ name: variant.name, runs, profiled });
    }
    const floors = o.floor === 'none' ? undefined : await floorOf(workspace, feed.url, o, log);
    return {
      size,
      files: workspace.feed.files,
      expectedProblems: workspace.expectedProblems,
      openFile: workspace.openFile,
      variants,
      ...(floors ? { floor: floors.memory, warmFloor: floors.warm } : {}),
    };
  } finally {
    await feed.stop();
  }
}

/** The floor's starts, on the same diagnostics as Findings Lens's (floorDiagnostics.ts): the memory floor's, then the warm first squiggle's. */
async function floorOf(
  workspace: EditorWorkspace,
  feedUrl: string,
  o: SizeOptions,
  log: (line: string) => void,
): Promise<{ memory: FloorRun[]; warm: WarmFloorRun[] }> {
  const scratch = path.join(o.scratch, 'floor');
  mkdirSync(scratch, { recursive: true });
  const diagnosticsFile = path.join(scratch, 'diagnostics.jsonl');
  const files = floorFiles(workspace.feed.findings);
  log(`floor: ${writeFloorFiles(files, diagnosticsFile)} diagnostic(s) over ${files.length} file(s)`);
  const memory = await measureFloor({
    root: o.root,
    scratch,
    workspace,
    diagnosticsFile,
    feedUrl,
    bareEditor: o.floor === 'editor',
    timeoutMs: o.timeoutMs,
    log,
  });
  const openFile = files.find((file) => file.path === workspace.openFile.path);
  if (!openFile || listedInProblems(openFile) === 0)
    throw new Error(`the open file ${workspace.openFile.path} has no diagnostic Problems lists`);
  const warm = await measureWarmFloor({
    root: o.root,
    scratch: path.join(scratch, 'warm'),
    workspace,
    openFile,
    feedUrl,
    runs: o.runs,
    timeoutMs: o.timeoutMs,
    log,
  });
  return { memory, warm };
}

function seedFile(workspace: EditorWorkspace, scratch: string, log: (line: string) => void): string {
  log('seeding the reference feed (kept in bench-results/cache for the next runs)');
  const file = path.join(scratch, 'seed.json');
  writeSeed(workspace.feed, file);
  return file;
}

/** A start that installs `vsix` and stores the token as a user does; ends once the first sync is over. */
async function signIn(
  dirs: EditorDirs,
  feedUrl: string,
  workspace: EditorWorkspace,
  vsix: string,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<void> {
  const editor = await startEditor({
    dirs,
    feedUrl,
    openFile: workspace.openFile,
    expectedProblems: workspace.expectedProblems,
    vsix,
    log,
  });
  try {
    await editor.page.goto(editor.url);
    const ui = new Editor(editor.page, dirs.userData);
    await ui.statusItem().waitFor({ timeout: 90_000 });
    await ui.runCommand('Findings Lens: Set Feed Token');
    await ui.answerInput(TOKEN, { password: true });
    await ui.waitForStatus(/up to date/, timeoutMs);
  } finally {
    await editor.stop();
  }
}

function summary(f: RunFigures): string {
  const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  const ours = f.stalls.longestOurs;
  return `activation ${s(f.activationMs)} (${f.activationEvent}; activate() ran ${s(f.activateRanMs)}), first request ${s(f.firstRequestMs)}, first squiggle ${s(f.firstSquiggleMs)}, all in Problems ${s(f.allInProblemsMs)}, server sync ${f.serverSync ? `${f.serverSync.kind} ${f.serverSync.ms} ms` : 'n/a'}, peak ${Math.round(f.memory.peakSum / 1048576)} MB, longest stall of ours ${ours ? `${Math.round(ours.ms)} ms at ${s(ours.atMs)}: ${ours.top.join(', ')}` : 'none'}, of any cause ${Math.round(f.stalls.longest?.ms ?? 0)} ms`;
}

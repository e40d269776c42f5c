/**
 * One start of the editor, measured: from the page's load event to the first squiggle in the open
 * file and to every finding in Problems, with the extension's activation, the server's first
 * request and its own sync time, peak memory of the extension host and the server, and the
 * extension host's stalls with their attribution. A cold start has the extension's storage emptied
 * first (no findings cache); a warm start is the next start after a cold one.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CpuProfile } from './cpuProfile';
import {
  activateRan,
  activationOf,
  cacheFirstLook,
  cacheSavedAfter,
  cacheShown,
  firstSync,
  readLog,
  sessionLogs,
  type LogLine,
} from './editorLogs';
import { emptyCache, startEditor, type EditorDirs, type RunningEditor } from './editorSession';
import type { FeedRequests } from './feedRequests';
import { MemorySampler, type MemoryFigures } from './memorySampler';
import { pageTimes, type PageTimes } from './pageProbe';
import { fileResolver, summarize, type ProfileSummary } from './profileSummary';
import { watchProcess, wallTimeOf, type ProcessWatch } from './processWatch';
import { attributeStalls, longestStalls, type Stall } from './stalls';
import type { EditorWorkspace } from './workspace';

export type StartMode = 'cold' | 'warm';

export interface RunSetup {
  dirs: EditorDirs;
  feedUrl: string;
  feed: FeedRequests;
  workspace: EditorWorkspace;
  log: (line: string) => void;
  /** Where to write the three processes' CPU profiles, for the profiled run only. */
  profileTo?: { dir: string; name: string };
  timeoutMs: number;
}

/** Milliseconds after the page's load event (null: it did not happen in the run). */
export interface RunFigures {
  mode: StartMode;
  /** When the extension host decided to activate Findings Lens (its log), and for which event. */
  activationMs: number | null;
  activationEvent: string | null;
  /** When activate() ran (measured by the extension itself, or its first log line's time for an older package). */
  activateRanMs: number | null;
  firstRequestMs: number | null;
  cacheShownMs: number | null;
  /** When the server showed the open files' findings from the cache, before the whole of it (null: it did not). */
  cacheFirstLookMs: number | null;
  /** When the open editor first showed the file's text (null: not seen before the squiggle, by an older probe). */
  fileTextMs: number | null;
  firstSquiggleMs: number;
  allInProblemsMs: number;
  problems: number;
  serverSync: { kind: string; findings: number; ms: number; loggedMs: number } | null;
  memory: MemoryFigures;
  /** The extension host's heap in use after a full GC at the end of the run: what it holds (null: an older record). */
  extensionHostHeapAfterGc?: number | null;
  stalls: { longest: StallFigure | null; longestOurs: StallFigure | null; oursOver100ms: number; count: number; over100ms: StallFigure[] };
  /** The renderer's long tasks between the load event and every finding in Problems. */
  rendererLongTasks: { count: number; totalMs: number; longestMs: number };
  /** When the extension host's profile and stall probe started: stalls before it are not seen. */
  watchedFromMs: number;
  /** The profiled run only: where each process's time went (profileSummary.ts). */
  profiles?: Record<'extensionHost' | 'server' | 'renderer', ProfileSummary>;
}

/** One extension-host stall (stalls.ts), placed by when it began after the load event. */
export type StallFigure = Omit<Stall, 'startUs' | 'endUs'> & { atMs: number };

/** Starts the editor once, measures, stops it. */
export async function measureStart(setup: RunSetup, mode: StartMode): Promise<RunFigures> {
  if (mode === 'cold') emptyCache(setup.dirs);
  const startedAt = Date.now();
  const editor = await startEditor({
    dirs: setup.dirs,
    feedUrl: setup.feedUrl,
    openFile: setup.workspace.openFile,
    expectedProblems: setup.workspace.expectedProblems,
    log: setup.log,
  });
  const sampler = new MemorySampler(editor.codeServer.process.pid!);
  sampler.start();
  try {
    const hostWatch = sampler.pidOf('extensionHost').then((pid) => watchProcess(pid, { probe: true }));
    const serverWatch = setup.profileTo ? sampler.pidOf('server').then((pid) => watchProcess(pid, { probe: false })) : undefined;
    // Awaited below; until then a failure to attach must not count as unhandled.
    hostWatch.catch(() => undefined);
    serverWatch?.catch(() => undefined);
    await editor.page.goto(editor.url);
    const renderer = setup.profileTo ? await startRendererProfile(editor) : undefined;
    await waitForFindings(editor, setup.workspace.expectedProblems, setup.timeoutMs);
    const lines = await waitForServer(setup, mode);
    // The memory window ends here: the full GC below would lower what it samples.
    const memory = sampler.stop();
    const host = await (await hostWatch).stop({ heapAfterGc: true });
    const times = await pageTimes(editor.page);
    const profiles = setup.profileTo ? await stopProfiles(setup.profileTo, host.profile, serverWatch!, renderer!) : undefined;
    return { ...figuresOf(mode, times, lines, setup, startedAt, await hostWatch, host, memory), ...(profiles ? { profiles } : {}) };
  } finally {
    sampler.stop();
    await editor.stop();
  }
}

/** Until the page probe has seen the first squiggle and `expected` in Problems. */
export async function waitForFindings(editor: RunningEditor, expected: number, timeoutMs: number): Promise<void> {
  try {
    await editor.page.waitForFunction(
      () => {
        const state = (window as unknown as { __editorBench?: { firstSquiggleAt: number | null; allInProblemsAt: number | null } })
          .__editorBench;
        return state !== undefined && state.firstSquiggleAt !== null && state.allInProblemsAt !== null;
      },
      undefined,
      { polling: 250, timeout: timeoutMs },
    );
  } catch (error) {
    const seen = await pageTimes(editor.page).catch(() => undefined);
    const last = seen?.problems.at(-1)?.[1] ?? 'none';
    throw new Error(
      `the editor did not show the findings in time: first squiggle ${seen?.firstSquiggleAt ? 'seen' : 'not seen'}, Problems at ${last} of ${expected}`,
      { cause: error },
    );
  }
}

/** The server's log once its sync is over (and, after a cold start, its cache written for the warm one). */
async function waitForServer(setup: RunSetup, mode: StartMode): Promise<{ host: LogLine[]; ours: LogLine[] }> {
  const deadline = Date.now() + setup.timeoutMs;
  for (;;) {
    const files = sessionLogs(setup.dirs.userData);
    const ours = files ? readLog(files.findingsLens) : [];
    const sync = firstSync(ours);
    if (sync && (mode === 'warm' || cacheSavedAfter(ours, sync.at))) return { host: readLog(files!.extensionHost), ours };
    if (Date.now() > deadline)
      throw new Error(`the server did not log the end of its sync${mode === 'cold' ? ' and the cache write' : ''} in time`);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the polling interval, not a wait for an outcome
  }
}

function figuresOf(
  mode: StartMode,
  times: PageTimes,
  logs: { host: LogLine[]; ours: LogLine[] },
  setup: RunSetup,
  startedAt: number,
  hostWatch: ProcessWatch,
  host: { profile: CpuProfile; stallWindows: Array<[number, number]>; heapAfterGc?: number },
  memory: MemoryFigures,
): RunFigures {
  const after = (at: number | null | undefined) => (at === null || at === undefined ? null : at - times.loadAt);
  const activation = activationOf(logs.host, 'findings-lens.findings-lens');
  const sync = firstSync(logs.ours);
  const problems = times.problems.at(-1)?.[1] ?? 0;
  if (problems !== setup.workspace.expectedProblems)
    throw new Error(
      `Problems shows ${problems}, not the feed's ${setup.workspace.expectedProblems}: something else reports problems, or findings are missing`,
    );
  const stalls = attributeStalls(host.stallWindows, host.profile, (frame) => frame.url.includes('findings-lens.findings-lens-'));
  const allAt = times.allInProblemsAt!;
  const longTasks = times.longTasks.filter(([at]) => at >= times.loadAt && at <= allAt);
  return {
    mode,
    activationMs: after(activation?.at),
    activationEvent: activation?.event ?? null,
    activateRanMs: after(activateRan(logs.ours, hostWatch.startedAt)),
    firstRequestMs: after(setup.feed.since(startedAt)[0]?.startedAt),
    cacheShownMs: after(cacheShown(logs.ours)?.at),
    cacheFirstLookMs: after(cacheFirstLook(logs.ours)?.at),
    fileTextMs: after(times.fileTextAt),
    firstSquiggleMs: after(times.firstSquiggleAt)!,
    allInProblemsMs: after(allAt)!,
    problems,
    serverSync: sync ? { kind: sync.kind, findings: sync.findings, ms: sync.ms, loggedMs: after(sync.at)! } : null,
    memory,
    extensionHostHeapAfterGc: host.heapAfterGc ?? null,
    stalls: stallFigures(stalls, times.loadAt),
    rendererLongTasks: {
      count: longTasks.length,
      totalMs: longTasks.reduce((sum, [, ms]) => sum + ms, 0),
      longestMs: Math.max(0, ...longTasks.map(([, ms]) => ms)),
    },
    watchedFromMs: after(hostWatch.attachedAt)!,
  };
}

/** The stalls as the report has them: placed after the load event, the longest, the longest of ours, every one over 100 ms. */
export function stallFigures(stalls: readonly Stall[], loadAt: number): RunFigures['stalls'] {
  const figure = (s: Stall | undefined): StallFigure | null => {
    if (!s) return null;
    const { startUs, endUs: _end, ...rest } = s;
    return { atMs: wallTimeOf(startUs) - loadAt, ...rest };
  };
  const { longest, longestOurs, oursOver100ms } = longestStalls(stalls);
  return {
    longest: figure(longest),
    longestOurs: figure(longestOurs),
    oursOver100ms,
    count: stalls.length,
    // Every stall over 100 ms, for the JSON: what held the extension host, whoever it was.
    over100ms: stalls.filter((s) => s.ms > 100).map((s) => figure(s)!),
  };
}

/** The renderer's profile, through Playwright's CDP session (started once the page has loaded). */
async function startRendererProfile(editor: RunningEditor): Promise<() => Promise<CpuProfile>> {
  const cdp = await editor.context.newCDPSession(editor.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send('Profiler.stop')).profile as unknown as CpuProfile;
}

/** Writes the three profiles as .cpuprofile files (DevTools opens them) and says where their time went. */
async function stopProfiles(
  to: { dir: string; name: string },
  extensionHost: CpuProfile,
  serverWatch: Promise<ProcessWatch>,
  renderer: () => Promise<CpuProfile>,
): Promise<NonNullable<RunFigures['profiles']>> {
  const profiles = { extensionHost, server: (await (await serverWatch).stop()).profile, renderer: await renderer() };
  const fileOf = fileResolver();
  for (const [what, profile] of Object.entries(profiles))
    writeFileSync(path.join(to.dir, `${to.name}-${what}.cpuprofile`), JSON.stringify(profile));
  return {
    extensionHost: summarize(profiles.extensionHost, fileOf),
    server: summarize(profiles.server, fileOf),
    renderer: summarize(profiles.renderer, fileOf),
  };
}

/**
 * Extension-host stalls and who caused them. A 10 ms interval timer in the extension host (the
 * probe below, evaluated there through the inspector) records each time it ran late: the event
 * loop was held that long. The CPU profile of the same process says what ran meanwhile: a stall is
 * Findings Lens's when our code (our bundles, or the editor's API code we called) was on the stack
 * for at least half of it, counting the garbage collection inside it in proportion to our share
 * of its JavaScript. A stall with little JavaScript in it is the machine's: the process was
 * waiting for a core.
 */
import { nodesWithOurCode, pseudoFrame, samplesOf, type CallFrame, type CpuProfile } from './cpuProfile';

/** The probe's period, and the least lateness it records. */
export const PROBE_PERIOD_MS = 10;
export const PROBE_RECORDS_MS = 20;

/**
 * Evaluated in the extension host: records [start µs, end µs] of every lateness of at least
 * PROBE_RECORDS_MS on process.hrtime's clock (the CPU profile's), in globalThis.__editorBenchStalls.
 */
export const STALL_PROBE = `(() => {
  if (globalThis.__editorBenchStalls) return true;
  const stalls = (globalThis.__editorBenchStalls = []);
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let due = now() + ${PROBE_PERIOD_MS * 1000};
  const timer = setInterval(() => {
    const t = now();
    if (t - due >= ${PROBE_RECORDS_MS * 1000}) stalls.push([due, t]);
    due = t + ${PROBE_PERIOD_MS * 1000};
  }, ${PROBE_PERIOD_MS});
  timer.unref();
  return true;
})()`;

export interface Stall {
  /** Start and end on the profile's clock (µs). */
  startUs: number;
  endUs: number;
  ms: number;
  /** JavaScript time in the window with our code on the stack, all JavaScript time, and garbage collection. */
  oursMs: number;
  scriptMs: number;
  gcMs: number;
  /** Whether our code, with its share of the garbage collection, held at least half of it. */
  ours: boolean;
  /** The functions that took most of it (self time), to say what stalled. */
  top: string[];
}

/** Each stall window, with its samples' attribution. */
export function attributeStalls(
  windows: ReadonlyArray<readonly [number, number]>,
  profile: CpuProfile,
  isOurs: (frame: CallFrame) => boolean,
): Stall[] {
  const ours = nodesWithOurCode(profile, isOurs);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const samples = samplesOf(profile);
  return windows.map(([startUs, endUs]) => {
    let oursUs = 0;
    let scriptUs = 0;
    let gcUs = 0;
    const byFunction = new Map<string, number>();
    for (const sample of samples) {
      if (sample.atUs < startUs || sample.atUs >= endUs) continue;
      const frame = frames.get(sample.node)!;
      const pseudo = pseudoFrame(frame);
      if (pseudo === 'gc') gcUs += sample.us;
      if (pseudo !== undefined) continue;
      scriptUs += sample.us;
      if (ours.has(sample.node)) oursUs += sample.us;
      const name = `${frame.functionName || '(anonymous)'} (${frame.url.split('/').slice(-2).join('/') || 'native'}:${frame.lineNumber + 1})`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + sample.us);
    }
    const top = [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, us]) => `${name} ${Math.round(us / 1000)} ms`);
    const oursWithGcUs = oursUs + (scriptUs === 0 ? 0 : (gcUs * oursUs) / scriptUs);
    const ms = (endUs - startUs) / 1000;
    return {
      startUs,
      endUs,
      ms,
      oursMs: oursUs / 1000,
      scriptMs: scriptUs / 1000,
      gcMs: gcUs / 1000,
      ours: oursWithGcUs * 2 >= endUs - startUs,
      top,
    };
  });
}

/** The longest stall, and the longest of ours. */
export function longestStalls(stalls: readonly Stall[]): {
  longest: Stall | undefined;
  longestOurs: Stall | undefined;
  oursOver100ms: number;
} {
  const byLength = [...stalls].sort((a, b) => b.ms - a.ms);
  return {
    longest: byLength[0],
    longestOurs: byLength.find((s) => s.ours),
    oursOver100ms: stalls.filter((s) => s.ours && s.ms > 100).length,
  };
}

/**
 * How much of [fromMs, toMs) the spans ([start, ms], not overlapping one another) cover: how long
 * a process was held between two moments, from its stalls or long tasks.
 */
export function overlapMs(spans: ReadonlyArray<readonly [number, number]>, fromMs: number, toMs: number): number {
  return spans.reduce((sum, [start, ms]) => sum + Math.max(0, Math.min(start + ms, toMs) - Math.max(start, fromMs)), 0);
}

/** How long the extension host (its stalls, of any cause) and the renderer (its long tasks) were held in a window. */
export interface HeldBetween {
  hostStalledMs: number;
  /** The longest stall that overlaps the window, with what ran in it. */
  longestStall: { ms: number; top: string[] } | null;
  rendererLongTasksMs: number;
}

/** What held the extension host and the renderer between `fromMs` and `toMs` (all times after the load event). */
export function heldBetween(
  stalls: ReadonlyArray<{ atMs: number; ms: number; top: string[] }>,
  longTasks: ReadonlyArray<readonly [number, number]>,
  fromMs: number,
  toMs: number,
): HeldBetween {
  const inWindow = stalls.filter((s) => overlapMs([[s.atMs, s.ms]], fromMs, toMs) > 0).sort((a, b) => b.ms - a.ms);
  const longest = inWindow[0];
  return {
    hostStalledMs: overlapMs(
      stalls.map((s): [number, number] => [s.atMs, s.ms]),
      fromMs,
      toMs,
    ),
    longestStall: longest ? { ms: longest.ms, top: longest.top } : null,
    rendererLongTasksMs: overlapMs(longTasks, fromMs, toMs),
  };
}

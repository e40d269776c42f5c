/**
 * Watching a Node process of the editor from outside: its CPU profile (V8's sampling profiler,
 * every millisecond) and, for the extension host, the stall probe (stalls.ts). The profile's clock
 * is mapped to wall time here.
 */
import type { CpuProfile } from './cpuProfile';
import { Inspector } from './inspector';
import { STALL_PROBE } from './stalls';

export const SAMPLING_INTERVAL_US = 1000;

export interface ProcessWatch {
  pid: number;
  /** When the profile started (wall clock). */
  attachedAt: number;
  /** When the process started (wall clock, from its own uptime). */
  startedAt: number;
  /**
   * Stops the profiler; the stall windows are empty unless the probe was installed. With
   * `heapAfterGc`, then runs a full garbage collection and reads the heap still in use: what the
   * process holds, without the garbage and the heap's headroom that its RSS also counts.
   */
  stop(options?: { heapAfterGc?: boolean }): Promise<{ profile: CpuProfile; stallWindows: Array<[number, number]>; heapAfterGc?: number }>;
}

/** Opens `pid`'s inspector, starts its profiler and, with `probe`, the stall probe. */
export async function watchProcess(pid: number, { probe }: { probe: boolean }): Promise<ProcessWatch> {
  const inspector = await Inspector.open(pid);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await inspector.send('Profiler.start');
  if (probe) await inspector.evaluate(STALL_PROBE);
  const startedAt = await inspector.evaluate<number>('Date.now() - process.uptime() * 1000');
  return {
    pid,
    attachedAt: Date.now(),
    startedAt,
    async stop(options = {}) {
      try {
        const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
        const stallWindows = probe ? await inspector.evaluate<Array<[number, number]>>('globalThis.__editorBenchStalls') : [];
        checkClock(profile);
        if (!options.heapAfterGc) return { profile, stallWindows };
        await inspector.send('HeapProfiler.collectGarbage');
        return { profile, stallWindows, heapAfterGc: await inspector.evaluate<number>('process.memoryUsage().heapUsed') };
      } finally {
        inspector.close();
      }
    },
  };
}

/** The wall-clock time of a profile timestamp (µs of CLOCK_MONOTONIC, process.hrtime's clock). */
export function wallTimeOf(profileUs: number): number {
  const nowUs = Number(process.hrtime.bigint() / 1000n);
  return Date.now() - (nowUs - profileUs) / 1000;
}

/** A profile that ended in the future or long ago was not taken on process.hrtime's clock: say so rather than misplace every stall. */
function checkClock(profile: CpuProfile): void {
  const nowUs = Number(process.hrtime.bigint() / 1000n);
  const aheadMs = (profile.endTime - nowUs) / 1000;
  if (aheadMs > 1000 || aheadMs < -60_000)
    throw new Error(
      `the profile's clock is not process.hrtime's (its end is ${Math.round(aheadMs)} ms from now); the stalls cannot be placed`,
    );
}

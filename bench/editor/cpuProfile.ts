/**
 * A V8 CPU profile (Profiler.stop's answer) read the two ways the editor bench needs: which
 * samples fall in a time window and whether their stack holds our code (to attribute an
 * extension-host stall), and where the time went, by source file of our bundles.
 *
 * Profile times are CLOCK_MONOTONIC microseconds, the clock of process.hrtime() in any process on
 * the machine, so the bench maps them to wall time with its own reading of both clocks.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One sample: when it was taken, how long it stands for, and its node (the top of its stack). */
export interface Sample {
  atUs: number;
  us: number;
  node: number;
}

/** The samples in time order, each standing for the time to the next one. */
export function samplesOf(profile: CpuProfile): Sample[] {
  const out: Sample[] = [];
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const next = profile.timeDeltas[i + 1] ?? 0;
    out.push({ atUs: at, us: Math.max(0, next), node: profile.samples[i]! });
  }
  return out;
}

/** Each node's parent. */
export function parentsOf(profile: CpuProfile): Map<number, number> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  return parents;
}

/** The nodes whose stack (the node or any caller) holds a frame `isOurs` accepts. */
export function nodesWithOurCode(profile: CpuProfile, isOurs: (frame: CallFrame) => boolean): Set<number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Set<number>();
  const parents = parentsOf(profile);
  const root = profile.nodes.find((n) => !parents.has(n.id));
  const stack: Array<{ id: number; inherited: boolean }> = root ? [{ id: root.id, inherited: false }] : [];
  while (stack.length > 0) {
    const { id, inherited } = stack.pop()!;
    const node = byId.get(id)!;
    const mine = inherited || isOurs(node.callFrame);
    if (mine) ours.add(id);
    for (const child of node.children ?? []) stack.push({ id: child, inherited: mine });
  }
  return ours;
}

/** V8's pseudo-frames: the process waiting for work, collecting garbage, or in native code outside JavaScript. */
export function pseudoFrame(frame: CallFrame): 'idle' | 'gc' | 'program' | 'root' | undefined {
  switch (frame.functionName) {
    case '(idle)':
      return 'idle';
    case '(garbage collector)':
      return 'gc';
    case '(program)':
      return 'program';
    case '(root)':
      return 'root';
    default:
      return undefined;
  }
}

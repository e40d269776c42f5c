/**
 * Where a CPU profile's time went, by source file: our development bundles carry esbuild's
 * `// src/server/publisher.ts` comment before each module's code, so a frame's line says which
 * source file (ours or a package) it is in; other frames go by their script's file name. Self time
 * says what did the work; total time (the file anywhere on the stack) says what asked for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentsOf, pseudoFrame, samplesOf, type CallFrame, type CpuProfile } from './cpuProfile';

export interface ProfileSummary {
  /** Milliseconds of the window, and how they were spent. */
  ms: number;
  idleMs: number;
  gcMs: number;
  programMs: number;
  /** Source files by self time and by total time, the largest first. */
  selfByFile: Array<[string, number]>;
  totalByFile: Array<[string, number]>;
  /** Functions (with their file) by self time. */
  selfByFunction: Array<[string, number]>;
}

/** The start of each module in a bundle, by 0-based line, from esbuild's comments. */
export function moduleStarts(bundle: string): Array<[number, string]> {
  const starts: Array<[number, string]> = [];
  bundle.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
    if (m) starts.push([i, m[1]!]);
  });
  return starts;
}

/** The source file of a frame: from the bundle's module comments when it has them, else the script's file name. */
export function fileResolver(): (frame: CallFrame) => string {
  const bundles = new Map<string, Array<[number, string]>>();
  const startsOf = (url: string): Array<[number, string]> => {
    let starts = bundles.get(url);
    if (!starts) {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      starts = file.endsWith('.js') && existsSync(file) && !file.includes('/code-server/') ? moduleStarts(readFileSync(file, 'utf8')) : [];
      bundles.set(url, starts);
    }
    return starts;
  };
  return (frame) => {
    if (pseudoFrame(frame)) return frame.functionName;
    if (frame.url === '') return '(native)';
    if (frame.url.startsWith('node:')) return frame.url.split('/').slice(0, 2).join('/');
    let found: string | undefined;
    for (const [line, name] of startsOf(frame.url)) {
      if (line > frame.lineNumber) break;
      found = name;
    }
    return found ?? frame.url.split('/').slice(-2).join('/');
  };
}

/** Each node's stack as the set of files on it, worked out once per node. */
function stackFilesOf(profile: CpuProfile, fileOfNode: Map<number, string>): (id: number) => ReadonlySet<string> {
  const parents = parentsOf(profile);
  const memo = new Map<number, ReadonlySet<string>>();
  const of = (id: number): ReadonlySet<string> => {
    let files = memo.get(id);
    if (!files) {
      const parent = parents.get(id);
      files = new Set([...(parent === undefined ? [] : of(parent)), fileOfNode.get(id)!]);
      memo.set(id, files);
    }
    return files;
  };
  return of;
}

/** The profile's time between `fromUs` and `toUs` (its own clock), by file and function. */
export function summarize(
  profile: CpuProfile,
  fileOf: (frame: CallFrame) => string,
  fromUs = -Infinity,
  toUs = Infinity,
  top = 12,
): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fileOfNode = new Map(profile.nodes.map((n) => [n.id, fileOf(n.callFrame)]));
  const stackFiles = stackFilesOf(profile, fileOfNode);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const functions = new Map<string, number>();
  const summary = { ms: 0, idleMs: 0, gcMs: 0, programMs: 0 };
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const sample of samplesOf(profile)) {
    if (sample.atUs < fromUs || sample.atUs >= toUs) continue;
    const frame = frames.get(sample.node)!;
    summary.ms += sample.us;
    const pseudo = pseudoFrame(frame);
    if (pseudo === 'idle') summary.idleMs += sample.us;
    else if (pseudo === 'gc') summary.gcMs += sample.us;
    else if (pseudo === 'program') summary.programMs += sample.us;
    if (pseudo) continue;
    const file = fileOfNode.get(sample.node)!;
    add(self, file, sample.us);
    add(functions, `${frame.functionName || '(anonymous)'} (${file})`, sample.us);
    for (const f of stackFiles(sample.node)) add(total, f, sample.us);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]): [string, number] => [k, us / 1000]);
  return {
    ms: summary.ms / 1000,
    idleMs: summary.idleMs / 1000,
    gcMs: summary.gcMs / 1000,
    programMs: summary.programMs / 1000,
    selfByFile: ranked(self),
    totalByFile: ranked(total).filter(([f]) => !pseudoFrame({ functionName: f, url: '', lineNumber: 0, columnNumber: 0 })),
    selfByFunction: ranked(functions),
  };
}

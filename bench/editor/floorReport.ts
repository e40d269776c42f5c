/**
 * The floor's rows in the editor bench's table: the extension host's peak while a bare extension
 * holds the same diagnostics (floorRun.ts), in each shape, and the bare editor; then each
 * package's cold peak over that floor. What is over the floor is ours (the language client, its
 * conversion, our batching, the server's messages); what is under it, VS Code's cost of the
 * diagnostics, which no change of ours can remove while every finding is in Problems. Then the
 * same starts' extension-host stalls, by the rule Findings Lens's are attributed by (the floor
 * extension's code as "ours"), and the warm first squiggle's floor (warmFloorRun.ts) beside
 * Findings Lens's warm figure.
 */
import type { Row } from '../report';
import type { RunFigures } from './editorRun';
import type { WarmSquiggle } from './editorReport';
import type { FloorRun } from './floorRun';
import type { WarmFloorRun } from './warmFloorRun';

/** What the floor's rows set beside each package's own figures. */
export interface PackageFigures {
  prefix: string;
  coldPeak: number | null;
  coldHeap: number | null;
  /** Its warm first squiggle after activate() ran (median). */
  warmAfterActivate: number | null;
  /** Its longest extension-host stall of its own, of any run. */
  longestStallOurs: number;
}

const MB = 1024 * 1024;

/** Findings Lens's extension host over the floor: the difference, and the ratio (null without both). */
export function overFloor(peak: number | null, floor: number | null | undefined): { over: number | null; ratio: number | null } {
  if (peak === null || floor === undefined || floor === null || floor <= 0) return { over: null, ratio: null };
  return { over: peak - floor, ratio: peak / floor };
}

const LABELS: Record<FloorRun['kind'], (size: number) => string> = {
  bare: (size) => `floor: extension host peak holding the same ${size.toLocaleString('en-US')} diagnostics (a bare extension)`,
  client: () => 'floor, the language client’s shape (`data`, a vscode.Uri per help link)',
  editor: () => 'bare editor: extension host peak, nothing set',
};

/** The floor's rows at one size, and each package's cold extension-host peak (its median) over the bare floor. */
export function floorRows(
  size: number,
  floor: readonly FloorRun[],
  packages: ReadonlyArray<Pick<PackageFigures, 'prefix' | 'coldPeak' | 'coldHeap'>>,
): Row[] {
  const rows: Row[] = floor.map((run) => ({
    size,
    figure: LABELS[run.kind](size),
    value: run.memory.peakExtensionHost,
    unit: 'B',
    pass: null,
    note: `heap after a full GC ${mb(run.heapAfterGc)}; ${
      run.kind === 'editor'
        ? `RSS at the extension's activation ${mb(run.done.rssAtActivation)}`
        : `${run.done.diagnostics} set in ${run.done.calls} call(s), ${run.done.ms} ms; all in Problems ${seconds(run.allInProblemsMs)} after the load event`
    }`,
  }));
  const bareRun = floor.find((run) => run.kind === 'bare');
  const bare = bareRun?.memory.peakExtensionHost;
  const client = floor.find((run) => run.kind === 'client')?.memory.peakExtensionHost;
  for (const { prefix, coldPeak, coldHeap } of packages) {
    const { over, ratio } = overFloor(coldPeak, bare);
    const overClient = overFloor(coldPeak, client).over;
    rows.push({
      size,
      figure: `${prefix}Findings Lens extension host over that floor (cold)`,
      value: over,
      unit: 'B',
      baseline: bare ?? null,
      baselineLabel: 'the bare extension’s peak',
      ratio,
      pass: null,
      note: `its peak ${mb(coldPeak)}; over the language client’s shape ${mb(overClient)}`,
    });
    const heap = overFloor(coldHeap, bareRun?.heapAfterGc);
    rows.push({
      size,
      figure: `${prefix}Findings Lens extension host heap after a full GC over the floor's (cold)`,
      value: heap.over,
      unit: 'B',
      baseline: bareRun?.heapAfterGc ?? null,
      baselineLabel: 'the bare extension’s',
      ratio: heap.ratio,
      pass: null,
      note: `its heap ${mb(coldHeap)}: what it holds once the garbage is gone`,
    });
  }
  return rows;
}

/** A start's stalls in brief: the longest of the extension's and of any cause, each with its GC, and those over 100 ms. */
export function stallSummary(stalls: RunFigures['stalls']): {
  longestOurs: number;
  longestOursGc: number;
  oursOver100ms: number;
  longest: number;
  longestGc: number;
  over100ms: number;
  /** The stalls over 100 ms together, and the garbage collection in them. */
  over100msTotal: number;
  over100msGc: number;
} {
  return {
    longestOurs: stalls.longestOurs?.ms ?? 0,
    longestOursGc: stalls.longestOurs?.gcMs ?? 0,
    oursOver100ms: stalls.oursOver100ms,
    longest: stalls.longest?.ms ?? 0,
    longestGc: stalls.longest?.gcMs ?? 0,
    over100ms: stalls.over100ms.length,
    over100msTotal: stalls.over100ms.reduce((sum, s) => sum + s.ms, 0),
    over100msGc: stalls.over100ms.reduce((sum, s) => sum + s.gcMs, 0),
  };
}

const STALL_LABELS: Record<FloorRun['kind'], string> = {
  bare: 'floor: longest extension-host stall by the bare extension setting the same diagnostics',
  client: 'floor, the language client’s shape: longest stall by the extension',
  editor: 'bare editor: longest stall by the extension (it sets nothing)',
};

/** Each floor start's stalls, by Findings Lens's rule with the floor extension as "ours", beside each package's longest of its own. */
export function floorStallRows(
  size: number,
  floor: readonly FloorRun[],
  packages: ReadonlyArray<Pick<PackageFigures, 'prefix' | 'longestStallOurs'>>,
): Row[] {
  return floor.flatMap((run): Row[] => {
    if (!run.stalls) return [];
    const s = stallSummary(run.stalls);
    const theirs = packages.map((p) => `${p.prefix}Findings Lens’s own ${ms(p.longestStallOurs)}`).join(', ');
    return [
      {
        size,
        figure: STALL_LABELS[run.kind],
        value: s.longestOurs,
        unit: 'ms',
        target: '≤ 100 ms',
        pass: s.longestOurs <= 100,
        note: `GC ${ms(s.longestOursGc)} of it; ${s.oursOver100ms} of the extension’s over 100 ms; of any cause: longest ${ms(s.longest)} (GC ${ms(s.longestGc)}), ${s.over100ms} over 100 ms (${ms(s.over100msTotal)} in all, GC ${ms(s.over100msGc)}); ${theirs}`,
      },
    ];
  });
}

/** The warm first squiggle's floor (its medians in `times`), beside the last package's warm figure (this tree's). */
export function warmFloorRow(
  size: number,
  runs: readonly WarmFloorRun[],
  times: WarmSquiggle,
  fromFileText: (times: WarmSquiggle) => string,
  packages: ReadonlyArray<Pick<PackageFigures, 'prefix' | 'warmAfterActivate'>>,
): Row {
  const ours = packages.at(-1);
  const others = packages.slice(0, -1).map((p) => `${p.prefix}${ms(p.warmAfterActivate)}`);
  const events = [...new Set(runs.map((run) => run.activationEvent ?? 'unknown'))].join(', ');
  const longest = Math.max(0, ...runs.map((run) => run.stalls.longest?.ms ?? 0));
  const between = runs.map((run) => run.between).filter((b) => b !== undefined);
  const held =
    between.length === 0
      ? ''
      : `; between activate() and the squiggle the extension host stalled ${between.map((b) => `${ms(b.hostStalledMs)}${b.longestStall ? ` (longest ${ms(b.longestStall.ms)}: ${b.longestStall.top.join(', ')})` : ''}`).join(' / ')}, the renderer’s long tasks ${between.map((b) => ms(b.rendererLongTasksMs)).join(' / ')}`;
  return {
    size,
    figure: `floor, warm: first squiggle after activate() ran (a bare extension setting the open file’s ${runs[0]?.diagnostics ?? 0} diagnostics in activate())`,
    value: times.afterActivate,
    unit: 'ms',
    baseline: ours?.warmAfterActivate ?? null,
    baselineLabel: `${ours?.prefix ?? ''}Findings Lens’s warm`,
    target: '≤ 300 ms',
    pass: times.afterActivate === null ? null : times.afterActivate <= 300,
    note: `${fromFileText(times)}; on ${events}; longest extension-host stall ${ms(longest)}${held}${others.length > 0 ? `; others’ warm ${others.join(', ')}` : ''}`,
  };
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value)} ms`;
}

function mb(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : `${Math.round(bytes / MB)} MB`;
}

function seconds(ms: number | null): string {
  return ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;
}

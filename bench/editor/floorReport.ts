/**
 * The floor's rows in the editor bench's table: the extension host's peak while a bare extension
 * holds the same diagnostics (floorRun.ts), in each shape, and the bare editor; then each
 * package's cold peak over that floor. What is over the floor is ours (the language client, its
 * conversion, our batching, the server's messages); what is under it, VS Code's cost of the
 * diagnostics, which no change of ours can remove while every finding is in Problems.
 */
import type { Row } from '../report';
import type { FloorRun } from './floorRun';

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
  packages: ReadonlyArray<{ prefix: string; coldPeak: number | null; coldHeap: number | null }>,
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

function mb(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? 'n/a' : `${Math.round(bytes / MB)} MB`;
}

function seconds(ms: number | null): string {
  return ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;
}

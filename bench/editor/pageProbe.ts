/**
 * What the user sees, timed inside the page: installed before the workbench loads (an init script),
 * it looks every 16 ms (a frame) for the first squiggle in the open editor and reads the Problems
 * count the status bar shows (its tooltip holds the exact counts: "Errors: 1200, Warnings: 3500,
 * Infos: 4600"), stopping once both are in. It reads two DOM nodes per look and never opens the
 * Problems panel, whose 100,000 rows would cost the editor more than the findings themselves.
 * The renderer's long tasks (PerformanceObserver) are kept too: the editor's own share.
 */
import type { Page } from 'playwright-core';

/** What the probe saw, in wall-clock milliseconds (Date.now()). */
export interface PageTimes {
  loadAt: number;
  /** When the open editor first showed text: no squiggle can be drawn before it. */
  fileTextAt: number | null;
  firstSquiggleAt: number | null;
  allInProblemsAt: number | null;
  /** Each change of the Problems total: [at, total]. */
  problems: Array<[number, number]>;
  /** The renderer's long tasks: [start, ms]. */
  longTasks: Array<[number, number]>;
}

/** The init script (runs in every frame; only the workbench's top frame probes). */
export function pageProbe(expected: number): void {
  if (window.top !== window) return;
  const SQUIGGLES = '.monaco-editor .view-overlays :is(.squiggly-error, .squiggly-warning, .squiggly-info)';
  const TEXT = '.editor-group-container .monaco-editor .view-lines .view-line';
  const state = {
    fileTextAt: null as number | null,
    firstSquiggleAt: null as number | null,
    allInProblemsAt: null as number | null,
    problems: [] as Array<[number, number]>,
    longTasks: [] as Array<[number, number]>,
  };
  (window as unknown as { __editorBench: typeof state }).__editorBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the editor's share is then not reported.
  }
  let total = -1;
  const timer = setInterval(() => {
    const now = Date.now();
    if (state.fileTextAt === null && (document.querySelector(TEXT)?.textContent ?? '').trim() !== '') state.fileTextAt = now;
    if (state.firstSquiggleAt === null && document.querySelector(SQUIGGLES)) state.firstSquiggleAt = now;
    const label = document.getElementById('status.problems')?.getAttribute('aria-label') ?? '';
    const counted = (label.match(/\d+/g) ?? []).reduce((sum, n) => sum + Number(n), 0);
    if (counted !== total) {
      total = counted;
      state.problems.push([now, counted]);
      if (state.allInProblemsAt === null && counted >= expected) state.allInProblemsAt = now;
    }
    if (state.firstSquiggleAt !== null && state.allInProblemsAt !== null) clearInterval(timer);
  }, 16);
}

/** Reads what the probe saw so far, and the page's load event. */
export async function pageTimes(page: Page): Promise<PageTimes> {
  return page.evaluate(() => {
    const state = (window as unknown as { __editorBench: Omit<PageTimes, 'loadAt'> }).__editorBench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { ...state, loadAt: performance.timeOrigin + (nav?.loadEventStart ?? 0) };
  });
}

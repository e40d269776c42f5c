/**
 * The list's selection, by finding id so that it survives filtering and refreshes. Follows the
 * ARIA multi-select listbox pattern: arrows move and select, Shift extends from the anchor,
 * Ctrl moves the focus alone, Space toggles, Ctrl+A selects every visible row.
 */

export interface Selection {
  /** Selected ids, in the order they were selected. */
  selected: readonly string[];
  /** The row with keyboard focus. */
  focusId: string | null;
  /** Where a Shift range starts. */
  anchorId: string | null;
}

export const EMPTY_SELECTION: Selection = { selected: [], focusId: null, anchorId: null };

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  ctrl?: boolean;
}

/** A mouse click on row `index` of the visible `ids`. */
export function clickRow(sel: Selection, ids: readonly string[], index: number, mods: Modifiers = {}): Selection {
  const id = ids[index];
  if (id === undefined) return sel;
  if (mods.shift) return { selected: range(ids, indexOrSelf(ids, sel.anchorId, index), index), focusId: id, anchorId: sel.anchorId ?? id };
  if (mods.ctrl) return { selected: toggle(sel.selected, id), focusId: id, anchorId: id };
  return { selected: [id], focusId: id, anchorId: id };
}

/** Arrow keys, Page Up/Down, Home/End: move the focus by `delta` rows (clamped). */
export function moveFocus(sel: Selection, ids: readonly string[], delta: number, mods: Modifiers = {}): Selection {
  if (ids.length === 0) return EMPTY_SELECTION;
  const from = sel.focusId === null ? -1 : ids.indexOf(sel.focusId);
  const start = from === -1 ? (delta >= 0 ? -1 : ids.length) : from;
  const to = clamp(start + delta, 0, ids.length - 1);
  const id = ids[to]!;
  if (mods.shift)
    return {
      selected: range(ids, indexOrSelf(ids, sel.anchorId, from === -1 ? to : from), to),
      focusId: id,
      anchorId: sel.anchorId ?? ids[from === -1 ? to : from]!,
    };
  if (mods.ctrl) return { ...sel, focusId: id };
  return { selected: [id], focusId: id, anchorId: id };
}

/** Space: toggle the focused row. */
export function toggleFocused(sel: Selection): Selection {
  if (sel.focusId === null) return sel;
  return { ...sel, selected: toggle(sel.selected, sel.focusId), anchorId: sel.focusId };
}

/** Ctrl+A: every visible row. */
export function selectAll(sel: Selection, ids: readonly string[]): Selection {
  return { selected: ids.slice(), focusId: sel.focusId ?? ids[0] ?? null, anchorId: sel.anchorId ?? ids[0] ?? null };
}

/** Select one id (from the host, or Enter on a row). */
export function selectOnly(id: string): Selection {
  return { selected: [id], focusId: id, anchorId: id };
}

/** After the list changed: keep only ids still visible; the focus moves to the nearest kept row. */
export function retainVisible(sel: Selection, ids: readonly string[]): Selection {
  const visible = new Set(ids);
  const selected = sel.selected.filter((id) => visible.has(id));
  const focusId = sel.focusId !== null && visible.has(sel.focusId) ? sel.focusId : (selected[0] ?? null);
  const anchorId = sel.anchorId !== null && visible.has(sel.anchorId) ? sel.anchorId : focusId;
  if (selected.length === sel.selected.length && focusId === sel.focusId && anchorId === sel.anchorId) return sel;
  return { selected, focusId, anchorId };
}

export function isSelected(sel: Selection, id: string): boolean {
  return sel.selected.includes(id);
}

function range(ids: readonly string[], a: number, b: number): string[] {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return ids.slice(lo, hi + 1);
}

function toggle(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id];
}

function indexOrSelf(ids: readonly string[], id: string | null, fallback: number): number {
  if (id === null) return fallback;
  const i = ids.indexOf(id);
  return i === -1 ? fallback : i;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/**
 * The findings list: a listbox that draws only the visible rows. Clicks and keys become events;
 * rows are rebuilt from the state on every draw (at most ~60 of them).
 */
import type { FindingListItem } from '../shared/webview';
import { h } from './dom';
import type { UiEvent } from './events';
import { rowStateText, severityLabel } from './labels';
import { isSelected, type Selection } from './selection';
import { scrollToReveal, visibleRange } from './virtualList';

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;

export interface ListView {
  root: HTMLElement;
  draw(items: readonly FindingListItem[], selection: Selection): void;
  /** Scrolls so the focused row shows (after a key move). */
  reveal(index: number): void;
  focus(): void;
}

export function createListView(dispatch: (e: UiEvent) => void): ListView {
  const spacer = h('div', { className: 'list-spacer' });
  const root = h(
    'div',
    { className: 'list', attrs: { role: 'listbox', 'aria-multiselectable': 'true', 'aria-label': 'Findings', tabindex: 0 } },
    spacer,
  );
  let last: { items: readonly FindingListItem[]; selection: Selection } = {
    items: [],
    selection: { selected: [], focusId: null, anchorId: null },
  };

  const redraw = (): void => drawWindow(root, spacer, last.items, last.selection);
  root.addEventListener('scroll', redraw, { passive: true });
  root.addEventListener('click', (ev) => {
    const row = (ev.target as Element).closest('[data-index]');
    if (!row) return;
    dispatch({
      kind: 'click',
      index: Number(row.getAttribute('data-index')),
      mods: { shift: ev.shiftKey, ctrl: ev.ctrlKey || ev.metaKey },
    });
  });
  root.addEventListener('keydown', (ev) => {
    if (!HANDLED_KEYS.has(ev.key) && !((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'a')) return;
    ev.preventDefault();
    const pageSize = Math.max(1, Math.floor(root.clientHeight / ROW_HEIGHT) - 1);
    dispatch({ kind: 'key', key: ev.key, mods: { shift: ev.shiftKey, ctrl: ev.ctrlKey || ev.metaKey }, pageSize });
  });

  return {
    root,
    draw(items, selection) {
      last = { items, selection };
      redraw();
    },
    reveal(index) {
      const top = scrollToReveal(index, root.scrollTop, root.clientHeight, ROW_HEIGHT);
      if (top !== null) root.scrollTop = top;
      redraw();
    },
    focus: () => root.focus(),
  };
}

const HANDLED_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End', ' ', 'Enter', 'a', 'd']);

function drawWindow(root: HTMLElement, spacer: HTMLElement, items: readonly FindingListItem[], selection: Selection): void {
  const win = visibleRange(root.scrollTop, root.clientHeight || 400, ROW_HEIGHT, items.length, OVERSCAN);
  spacer.style.height = `${win.totalHeight}px`;
  const rows: HTMLElement[] = [];
  let active: string | null = null;
  for (let i = win.start; i < win.end; i++) {
    const item = items[i]!;
    const row = drawRow(item, i, items.length, isSelected(selection, item.id), item.id === selection.focusId);
    if (item.id === selection.focusId) active = row.id;
    rows.push(row);
  }
  spacer.replaceChildren(...rows);
  if (active) root.setAttribute('aria-activedescendant', active);
  else root.removeAttribute('aria-activedescendant');
  root.setAttribute('aria-label', `Findings, ${items.length} shown`);
}

function drawRow(item: FindingListItem, index: number, count: number, selected: boolean, focused: boolean): HTMLElement {
  const row = h(
    'div',
    {
      className: `row${selected ? ' selected' : ''}${focused ? ' focused' : ''}`,
      attrs: {
        role: 'option',
        id: `row-${index}`,
        'data-index': index,
        'aria-selected': selected ? 'true' : 'false',
        'aria-setsize': count,
        'aria-posinset': index + 1,
      },
    },
    h('span', { className: `sev sev-${item.severity}`, text: severityLabel(item.severity) }),
    h('span', { className: 'title', text: item.title }),
    h('span', { className: 'where', text: `${item.path}:${item.line + 1}` }),
    h('span', { className: 'state', text: rowStateText(item) }),
  );
  // Rows are absolutely placed inside the spacer; CSSOM style is allowed by the CSP, attributes are not.
  row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  return row;
}

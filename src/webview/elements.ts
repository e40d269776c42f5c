/**
 * The @vscode-elements components the panel uses, imported one by one so the bundle carries only
 * these. They style themselves with constructable stylesheets (adoptedStyleSheets), which the
 * webview's CSP does not govern, so no <style> tag and no 'unsafe-inline' are needed.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import { h } from './dom';

export function button(
  label: string,
  onClick: () => void,
  opts: { secondary?: boolean; disabled?: boolean; title?: string } = {},
): HTMLElement {
  const b = h('vscode-button', { text: label, attrs: { secondary: opts.secondary, disabled: opts.disabled, title: opts.title } });
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

/** A control with its label above it, kept together so that a wrapping row of filters stays aligned. */
function labelled(id: string, label: string, control: HTMLElement, required?: boolean): HTMLElement[] {
  return [h('div', { className: 'field' }, h('vscode-label', { attrs: { for: id, required }, text: label }), control)];
}

/** A single-select with a visible label; `onChange` gets the chosen value. */
export function select(
  id: string,
  label: string,
  options: { value: string; label: string }[],
  value: string,
  onChange: (v: string) => void,
): HTMLElement[] {
  const sel = h(
    'vscode-single-select',
    { attrs: { id, 'aria-label': label } },
    ...options.map((o) => h('vscode-option', { attrs: { value: o.value, selected: o.value === value }, text: o.label })),
  );
  sel.addEventListener('change', () => onChange((sel as unknown as { value: string }).value));
  return labelled(id, label, sel);
}

export function textField(id: string, label: string, value: string, onInput: (v: string) => void, placeholder = ''): HTMLElement[] {
  const f = h('vscode-textfield', { attrs: { id, 'aria-label': label, placeholder } });
  (f as unknown as { value: string }).value = value;
  f.addEventListener('input', () => onInput((f as unknown as { value: string }).value));
  return labelled(id, label, f);
}

export function textArea(
  id: string,
  label: string,
  value: string,
  onInput: (v: string) => void,
  opts: { required?: boolean } = {},
): HTMLElement[] {
  const t = h('vscode-textarea', {
    attrs: { id, 'aria-label': label, rows: 4, required: opts.required, 'aria-required': opts.required ? 'true' : undefined },
  });
  (t as unknown as { value: string }).value = value;
  t.addEventListener('input', () => onInput((t as unknown as { value: string }).value));
  return labelled(id, label, t, opts.required);
}

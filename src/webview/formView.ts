/** The decision form: a reason (or justification), a comment, Send and Cancel. Escape closes it. */
import { fill, h } from './dom';
import { button, select, textArea } from './elements';
import { reasonsFor } from './decisionForm';
import type { UiEvent } from './events';
import type { DecisionFormState } from './state';

/** Builds the form when it opens; later draws only update the problem texts, so typing keeps focus. */
export function drawForm(
  root: HTMLElement,
  form: DecisionFormState | null,
  previous: DecisionFormState | null,
  dispatch: (e: UiEvent) => void,
): void {
  if (!form) {
    fill(root);
    root.hidden = true;
    return;
  }
  root.hidden = false;
  if (previous && previous.ids === form.ids && previous.draft.action === form.draft.action) {
    setProblem(root, 'reason', form.problems.reason);
    setProblem(root, 'comment', form.problems.comment);
    return;
  }
  const dispute = form.draft.action === 'dispute';
  const what = form.ids.length === 1 ? 'this finding' : `${form.ids.length} findings`;
  const options = [{ value: '', label: dispute ? 'Choose a justification…' : 'Choose a reason…' }, ...reasonsFor(form.draft.action)];
  fill(
    root,
    h('h3', { text: `${dispute ? 'Dispute' : 'Acknowledge'} ${what}`, attrs: { id: 'form-title' } }),
    ...select('form-reason', dispute ? 'Justification' : 'Reason', options, form.draft.reason, (reason) =>
      dispatch({ kind: 'formReason', reason }),
    ),
    h('div', { className: 'problem', attrs: { id: 'problem-reason', role: 'alert' } }),
    ...textArea(
      'form-comment',
      dispute ? 'Comment (required)' : 'Comment (optional)',
      form.draft.comment,
      (comment) => dispatch({ kind: 'formComment', comment }),
      { required: dispute },
    ),
    h('div', { className: 'problem', attrs: { id: 'problem-comment', role: 'alert' } }),
    h(
      'div',
      { className: 'actions' },
      button(dispute ? 'Dispute' : 'Acknowledge', () => dispatch({ kind: 'formSubmit' })),
      button('Cancel (Esc)', () => dispatch({ kind: 'formCancel' }), { secondary: true }),
    ),
  );
  root.setAttribute('aria-labelledby', 'form-title');
  setProblem(root, 'reason', form.problems.reason);
  setProblem(root, 'comment', form.problems.comment);
  focusWhenRendered(root.querySelector<HTMLElement>('#form-reason'));
}

/**
 * The controls are Lit elements that render their shadow DOM a microtask after they connect, and
 * they delegate focus to it: focusing one before it has rendered does nothing (the editor showed
 * the form with focus left on the page). Focus once its first render is complete.
 */
function focusWhenRendered(el: HTMLElement | null): void {
  if (!el) return;
  const rendered = (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete ?? Promise.resolve();
  void rendered.then(() => el.focus());
}

function setProblem(root: HTMLElement, field: 'reason' | 'comment', text: string | undefined): void {
  const el = root.querySelector(`#problem-${field}`);
  if (el) el.textContent = text ?? '';
  root.querySelector(`#form-${field}`)?.toggleAttribute('invalid', text !== undefined);
}

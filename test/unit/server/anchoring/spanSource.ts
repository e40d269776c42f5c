/**
 * A small C file whose `offset = t->linemap[start];` is the snippet the anchoring issue found inside
 * a longer line (`int offset = ...`) after its function moved (written for these tests, not taken from
 * any project). Shared by the unit tests and the hand-written corpus cases (test/fixtures/anchoring/issueCases.ts).
 */
export const SPAN_SOURCE = [
  '#include "text.h"',
  '',
  'static int first_column(const struct text *t, int line) {',
  '  return t->starts[line];',
  '}',
  '',
  'static int span(const struct text *t, int line) {',
  '  int start;',
  '  int offset;',
  '  start = first_column(t, line);',
  '  offset = t->linemap[start];',
  '  return t->length - offset;',
  '}',
  '',
  'static int width(const struct text *t) {',
  '  return t->columns;',
  '}',
  '',
];
/** The flagged line, and what it became once `int offset;` was folded into it. */
export const SPAN_FLAGGED = '  offset = t->linemap[start];';
export const SPAN_FOLDED = '  int offset = t->linemap[start];';

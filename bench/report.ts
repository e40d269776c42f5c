/**
 * The bench's output: one row per figure (value, baseline, ratio, target, pass/fail), printed as a
 * table and written as JSON. A row without a target is information (pass is null).
 */

export interface Row {
  size: number | null;
  figure: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  baselineLabel?: string;
  ratio?: number | null;
  target?: string;
  pass: boolean | null;
  note?: string;
}

export function fmt(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (unit === 'B') return bytes(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`;
}

/** Sizes in B, KB or MB; a difference may be negative (a figure under its floor). */
function bytes(n: number): string {
  const size = Math.abs(n);
  if (size >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (size >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n.toFixed(0)} B`;
}

/** The rows as a markdown table (what the README holds, and what stdout shows). */
export function table(rows: readonly Row[]): string {
  const header = ['findings', 'figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => [
    r.size === null ? '—' : r.size.toLocaleString('en-US'),
    r.figure,
    fmt(r.value, r.unit),
    r.baseline === undefined ? '' : `${fmt(r.baseline, r.unit)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
    r.ratio === undefined || r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.pass === null ? (r.note ?? '') : `${r.pass ? 'pass' : 'FAIL'}${r.note ? ` (${r.note})` : ''}`,
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}

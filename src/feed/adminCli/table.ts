/** Rows as aligned columns, for the admin CLI's lists; "(none)" when there are none. */
export function table(io: { out(line: string): void }, header: string[], rows: string[][]): void {
  if (rows.length === 0) return io.out('(none)');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  }
}

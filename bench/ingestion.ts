/**
 * Figure 8: a SARIF log of N results uploaded into the reference feed, what the upload endpoint
 * does with the bytes it read (hash, parse, map, one transaction), next to JSON.parse of the same
 * bytes, in a process of its own (bench/ingestProbe.ts): the first upload (every result new) and
 * the same log again (every result unchanged), on SQLite, and on PostgreSQL with `--postgres`.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Row } from './report';

export interface IngestionFigures {
  database: 'SQLite' | 'PostgreSQL';
  bytes: number;
  parseMs: number;
  /** Parsing and mapping alone, before the transaction. */
  mapMs: number;
  firstMs: number;
  againMs: number;
  counts: unknown[];
}

/** Runs the probe on `dbs` (each a fresh database: a SQLite file or a PostgreSQL URL), the least disturbed run of each kept. */
export function measureIngestion(root: string, size: number, database: IngestionFigures['database'], dbs: string[]): IngestionFigures {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'bench/ingestProbe.ts'), String(size), ...dbs], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  return { database, ...(JSON.parse(out) as Omit<IngestionFigures, 'database'>) };
}

export function ingestionRows(size: number, f: IngestionFigures): Row[] {
  const where = f.database === 'SQLite' ? '' : `, ${f.database}`;
  const baseline = { baseline: f.parseMs, baselineLabel: 'JSON.parse', unit: 'ms', pass: null } as const;
  return [
    {
      size,
      figure: `8. SARIF upload (${(f.bytes / 1024 / 1024).toFixed(0)} MB${where}): every result new`,
      value: f.firstMs,
      ratio: f.firstMs / f.parseMs,
      note: `info: of which parse and map ${f.mapMs.toFixed(0)} ms (${(f.mapMs / f.parseMs).toFixed(1)}× JSON.parse), then one transaction`,
      ...baseline,
    },
    {
      size,
      figure: `   the same log again${where}: all unchanged`,
      value: f.againMs,
      ratio: f.againMs / f.parseMs,
      note: 'info: nothing written but the analysis and which refs report what',
      ...baseline,
    },
  ];
}

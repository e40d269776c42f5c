/**
 * Per-request latency on one open file with 1,000 findings, as the editor sees it (round trip over
 * stdio, the answer parsed): code lenses, hovers on findings' lines, and the pushed diagnostics
 * after an edit that moves every finding (didChange → that file's publishDiagnostics).
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { LspSession } from './lspSession';
import { percentile } from './stats';

export interface LatencyFigures {
  p50: number;
  p95: number;
  max: number;
  n: number;
  /** Items in one answer (lenses, hover hits, diagnostics). */
  items: number;
}

export interface FileRequestFigures {
  codeLens: LatencyFigures;
  hover: LatencyFigures;
  diagnostics: LatencyFigures;
}

const WARMUP = 20;

/** Opens `uri` with `text` and times `n` requests of each kind. `findingLines` are 0-based lines with a finding. */
export async function fileRequests(session: LspSession, uri: string, text: string, findingLines: readonly number[], n = 200): Promise<FileRequestFigures> {
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const codeLens = await timeRequests(n, () => session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), (r) => (r as unknown[] | null)?.length ?? 0);
  let k = 0;
  const hover = await timeRequests(
    n,
    () => {
      const line = findingLines[(k++ * 7919) % findingLines.length]!;
      return session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } });
    },
    (r) => (r === null ? 0 : 1),
  );
  const diagnostics = await timeEdits(session, uri, n);
  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { codeLens, hover, diagnostics };
}

async function timeRequests(n: number, send: () => Promise<unknown>, count: (answer: unknown) => number): Promise<LatencyFigures> {
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < WARMUP + n; i++) {
    const started = performance.now();
    const answer = await send();
    if (i >= WARMUP) samples.push(performance.now() - started);
    items = count(answer);
  }
  return summary(samples, items);
}

/** Inserts then removes a line at the top, in turn: every finding moves, the file is re-published. */
async function timeEdits(session: LspSession, uri: string, n: number): Promise<LatencyFigures> {
  const samples: number[] = [];
  let version = 1;
  let items = 0;
  for (let i = 0; i < WARMUP + n; i++) {
    const insert = i % 2 === 0;
    const change = insert ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// moved\n' } : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' };
    const published = new Promise<{ at: number; count: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri} within 10 s of an edit`)), 10_000);
      session.onPublish = (p: PublishDiagnosticsParams, at: number) => {
        if (p.uri !== uri) return;
        clearTimeout(timer);
        session.onPublish = undefined;
        resolve({ at, count: p.diagnostics.length });
      };
    });
    const started = performance.now();
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
    const { at, count } = await published;
    if (i >= WARMUP) samples.push(at - started);
    items = count;
  }
  return summary(samples, items);
}

function summary(samples: number[], items: number): LatencyFigures {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), n: samples.length, items };
}

/**
 * Per-request latency on one open file with 1,000 findings, as the editor sees it (round trip over
 * stdio, the answer parsed): code lenses (each with its command: the server offers no resolve), hovers on findings'
 * lines, and the pushed diagnostics after an edit that moves every finding (didChange → that file's
 * publishDiagnostics). Each next to its floor, the same answers echoed through the same transport
 * by a process that does nothing else (transportFloor.ts), and the server's own CPU per request.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { LspSession } from './lspSession';
import { cpuMs, percentile } from './stats';
import { TransportFloor } from './transportFloor';

export interface Latency {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export interface LatencyFigures extends Latency {
  /** Items in one answer (lenses, hover hits, diagnostics). */
  items: number;
  /** Bytes of one answer's JSON (the last one). */
  bytes: number;
  /** The same answers echoed back through the same transport. */
  floor: Latency;
  /** The server process's CPU per request (user + system), over the timed requests. */
  cpuMsPerRequest: number;
}

export interface FileRequestFigures {
  codeLens: LatencyFigures;
  hover: LatencyFigures;
  diagnostics: LatencyFigures;
}

const WARMUP = 20;
/** Opens `uri` with `text` and times `n` requests of each kind. `findingLines` are 0-based lines with a finding. */
export async function fileRequests(
  session: LspSession,
  uri: string,
  text: string,
  findingLines: readonly number[],
  n = 200,
): Promise<FileRequestFigures> {
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const floor = TransportFloor.start();
  try {
    // Every code lens answer is the same (the view is cached): keep one, ~3,000 lenses.
    const lenses = await timed(session, n, () => session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), 1);
    const codeLens = await withFloor(
      lenses,
      (answers) => timeFloor(floor, answers, n),
      (a) => (a as unknown[] | null)?.length ?? 0,
    );

    const lines = Array.from({ length: WARMUP + n }, (_, k) => findingLines[(k * 7919) % findingLines.length]!);
    const hovers = await timed(
      session,
      n,
      (i) => session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: lines[i]!, character: 12 } }),
      WARMUP + n,
    );
    const hover = await withFloor(
      hovers,
      (answers) => timeFloor(floor, answers, n),
      (a) => (a === null ? 0 : 1),
    );

    const edits = await timeEdits(session, uri, n);
    const diagnostics = await withFloor(
      edits,
      (answers) => timeFloorPublishes(floor, answers as PublishDiagnosticsParams[], n),
      (a) => (a as PublishDiagnosticsParams).diagnostics.length,
    );
    return { codeLens, hover, diagnostics };
  } finally {
    await floor.stop();
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
}

/** Samples of the timed (post-warmup) requests, the last answers in order, and the server's CPU per timed request. */
interface Timed {
  samples: number[];
  answers: unknown[];
  cpuMsPerRequest: number;
}

/** Times `n` requests after a warmup, keeping the last `keep` answers for the floor. */
async function timed(session: LspSession, n: number, send: (i: number) => Promise<unknown>, keep: number): Promise<Timed> {
  const samples: number[] = [];
  const answers: unknown[] = [];
  let cpuBefore: NodeJS.CpuUsage | undefined;
  for (let i = 0; i < WARMUP + n; i++) {
    if (i === WARMUP) cpuBefore = (await session.probe()).cpu;
    const started = performance.now();
    answers.push(await send(i));
    if (i >= WARMUP) samples.push(performance.now() - started);
    if (answers.length > keep) answers.shift();
  }
  const cpuAfter = (await session.probe()).cpu;
  return { samples, answers, cpuMsPerRequest: cpuMs(cpuBefore!, cpuAfter) / n };
}

async function withFloor(
  t: Timed,
  floorOf: (answers: unknown[]) => Promise<number[]>,
  count: (answer: unknown) => number,
): Promise<LatencyFigures> {
  const last = t.answers[t.answers.length - 1];
  const floor = latency(await floorOf(t.answers));
  return {
    ...latency(t.samples),
    items: count(last),
    bytes: Buffer.byteLength(JSON.stringify(last ?? null)),
    floor,
    cpuMsPerRequest: t.cpuMsPerRequest,
  };
}

/** The floor of single answers: the i-th request gets the server's i-th kept answer back. */
async function timeFloor(floor: TransportFloor, answers: unknown[], n: number): Promise<number[]> {
  await floor.hold(answers);
  return samplesOf(n, (i) => floor.answer(i % answers.length));
}

/** The floor of the pushed diagnostics: the last two publishes (line inserted, line removed), in turn. */
async function timeFloorPublishes(floor: TransportFloor, publishes: PublishDiagnosticsParams[], n: number): Promise<number[]> {
  const lastTwo = publishes.slice(-2);
  await floor.hold([], lastTwo);
  return samplesOf(n, (i) => floor.publish(i % lastTwo.length));
}

/** Durations of `once(i)` for `n` runs after the warmup ones. */
async function samplesOf(n: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const started = performance.now();
    await once(i);
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  return samples;
}

/** Inserts then removes a line at the top, in turn: every finding moves, the file is re-published. */
async function timeEdits(session: LspSession, uri: string, n: number): Promise<Timed> {
  const samples: number[] = [];
  const answers: unknown[] = [];
  let version = 1;
  let cpuBefore: NodeJS.CpuUsage | undefined;
  for (let i = 0; i < WARMUP + n; i++) {
    if (i === WARMUP) cpuBefore = (await session.probe()).cpu;
    const insert = i % 2 === 0;
    const change = insert
      ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// moved\n' }
      : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' };
    const published = new Promise<{ at: number; params: PublishDiagnosticsParams }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri} within 10 s of an edit`)), 10_000);
      session.onPublish = (p: PublishDiagnosticsParams, at: number) => {
        if (p.uri !== uri) return;
        clearTimeout(timer);
        session.onPublish = undefined;
        resolve({ at, params: p });
      };
    });
    const started = performance.now();
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [change],
    });
    const { at, params } = await published;
    if (i >= WARMUP) samples.push(at - started);
    // Only the last two are echoed by the floor: keep no more, each is ~1,000 diagnostics.
    answers.push(params);
    if (answers.length > 2) answers.shift();
  }
  const cpuAfter = (await session.probe()).cpu;
  return { samples, answers, cpuMsPerRequest: cpuMs(cpuBefore!, cpuAfter) / n };
}

function latency(samples: number[]): Latency {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), n: samples.length };
}

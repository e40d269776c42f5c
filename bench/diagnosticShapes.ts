/**
 * npx tsx bench/diagnosticShapes.ts [--size 100000] [--seed 42]
 *
 * What holding the editor bench's diagnostics costs a heap, by shape: the heap still in use after
 * a full GC once N diagnostics are built and kept, as VS Code's extension host keeps every
 * diagnostic set while it is shown. Each shape is built in a fresh Node process from the same
 * diagnostics the server makes for the seeded feed (bench/editor/floorDiagnostics.ts), each file's
 * list through JSON as it arrives from the server:
 * - `bare`: range, message, severity, source, code with one shared help-link Uri, the faded tag
 *   (the floor extension's bare shape);
 * - `client`: as vscode-languageclient converts them: `data`, and a Uri parsed per diagnostic;
 * - `shared`: `client`, then src/client/sharedDiagnosticParts.ts, as Findings Lens sets them.
 * The classes stand in for VS Code's own Diagnostic, Range and Position (the same fields); the Uri
 * is vscode-uri's URI, the class vscode.Uri is. Not the extension host's figure (npm run
 * bench:editor measures that, with the floor): the part of it the shape decides.
 */
import { spawnSync } from 'node:child_process';
import { URI } from 'vscode-uri';
import { SharedDiagnosticParts } from '../src/client/sharedDiagnosticParts';
import { floorFiles, type FloorDiagnostic } from './editor/floorDiagnostics';
import { editorWorkspace } from './editor/workspace';
import { PROJECT } from './feedFixture';

const SHAPES = ['bare', 'client', 'shared'] as const;
type Shape = (typeof SHAPES)[number];

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = new Position(sl, sc);
    this.end = new Position(el, ec);
  }
}
class Diagnostic {
  source?: string;
  code?: string | { value: string; target: URI };
  tags?: number[];
  relatedInformation?: unknown[];
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}
/** vscode-languageclient's ProtocolDiagnostic: the server's `data`, and a flag of its own. */
class ProtocolDiagnostic extends Diagnostic {
  hasDiagnosticCode = false;
  constructor(
    range: Range,
    message: string,
    severity: number,
    readonly data: unknown,
  ) {
    super(range, message, severity);
  }
}

/** Builds one file's diagnostics in `shape` from its list as JSON (each file's own parse, as messages arrive). */
function build(json: string, shape: Shape, links: Map<string, URI>, parts: SharedDiagnosticParts<URI>): Diagnostic[] {
  const list = JSON.parse(json) as FloorDiagnostic[];
  const out = list.map(([sl, sc, el, ec, severity, message, code, href, findingId, unnecessary]) => {
    const range = new Range(sl, sc, el, ec);
    const d = shape === 'bare' ? new Diagnostic(range, message, severity) : new ProtocolDiagnostic(range, message, severity, { findingId });
    d.source = shape === 'bare' ? 'Findings Lens' : JSON.parse('"Findings Lens"');
    if (href !== null) d.code = { value: code, target: shape === 'bare' ? shared(links, href) : URI.parse(href) };
    if (unnecessary) d.tags = [1];
    return d;
  });
  return shape === 'shared' ? parts.share(out) : out;
}

function shared(links: Map<string, URI>, href: string): URI {
  let uri = links.get(href);
  if (!uri) links.set(href, (uri = URI.parse(href)));
  return uri;
}

/** In the child: builds and keeps every diagnostic, prints the heap they hold. */
function measure(shape: Shape, size: number, seed: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const lists = diagnosticLists(size, seed);
  const links = new Map<string, URI>();
  const parts = new SharedDiagnosticParts<URI>();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = lists.map((json) => build(json, shape, links, parts));
  gc();
  // The JSON texts are still held, as before: the difference is the diagnostics alone.
  const held = process.memoryUsage().heapUsed - before;
  const count = kept.reduce((n, list) => n + list.length, 0);
  console.log(JSON.stringify({ shape, count, held, files: lists.length }));
}

/** Each file's list as JSON; in a function of its own, so that nothing of the feed stays in this frame's registers. */
function diagnosticLists(size: number, seed: number): string[] {
  return floorFiles(editorWorkspace(size, PROJECT, seed).feed.findings).map((f) => JSON.stringify(f.diagnostics));
}

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
  const size = Number(flag('--size', '100000'));
  const seed = Number(flag('--seed', '42'));
  if (argv.includes('--shape')) return measure(flag('--shape', 'bare') as Shape, size, seed);
  const rows = SHAPES.map((shape) => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', __filename, '--shape', shape, '--size', String(size), '--seed', String(seed)],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`measuring the ${shape} shape failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { shape: Shape; count: number; held: number };
  });
  console.log(`Heap held by ${rows[0]!.count.toLocaleString('en-US')} diagnostics, after a full GC (seed ${seed}):\n`);
  console.log('| shape | held | per diagnostic | over bare |');
  console.log('|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.shape} | ${(r.held / 1048576).toFixed(1)} MB | ${Math.round(r.held / r.count)} B | ${((r.held - rows[0]!.held) / 1048576).toFixed(1)} MB |`,
    );
}

main();

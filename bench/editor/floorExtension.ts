/**
 * The floor extension: the least an extension can do to show the same diagnostics as Findings
 * Lens. On start-up it reads the JSON lines floorDiagnostics.ts wrote and sets them in one
 * DiagnosticCollection, in calls of at most PER_SET diagnostics, one call per turn of the event
 * loop (as src/client/diagnosticsBatch.ts does), then writes what it did to a file the bench waits
 * for. No language server, no language client, nothing kept of its own once a call is made: what
 * the extension host holds then is VS Code's cost of the diagnostics (the vscode.Diagnostic
 * objects ExtHostDiagnostics keeps, and what it makes of them for the window).
 *
 * Two shapes, chosen by a setting, so the bench can say what the shape costs:
 * - `bare`: what a user sees and nothing else: range, message, severity, source, the rule code with
 *   its help link (one vscode.Uri per distinct link, shared), the faded tag;
 * - `client`: as vscode-languageclient converts what our server sends: each diagnostic also carries
 *   `data` ({ findingId }) and a vscode.Uri of its own for the help link, parsed each time.
 *
 * Packaged with @vscode/vsce like Findings Lens, and installed into the floor's own editor.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PER_SET } from '../../src/client/diagnosticsBatch';

/** The extension's id (publisher.name), as the editor names its folder and log. */
export const FLOOR_EXTENSION_ID = 'findings-lens-bench.diagnostics-floor';

export type FloorShape = 'bare' | 'client';

/** The settings the floor extension reads: what to set, in which shape, and where to say it is done. */
export function floorSettings(diagnosticsFile: string, doneFile: string, shape: FloorShape): Record<string, unknown> {
  return {
    'diagnosticsFloor.diagnosticsFile': diagnosticsFile,
    'diagnosticsFloor.doneFile': doneFile,
    'diagnosticsFloor.shape': shape,
  };
}

/** What the extension writes to its done file. */
export interface FloorDone {
  diagnostics: number;
  files: number;
  calls: number;
  /** From activate() to the last call, by the extension's own clock. */
  ms: number;
  /** The extension host's RSS when activate() ran, before anything was read or set. */
  rssAtActivation: number;
}

const MANIFEST = {
  name: 'diagnostics-floor',
  displayName: 'Diagnostics floor (Findings Lens bench)',
  description: 'Sets a file of diagnostics, for npm run bench:editor',
  version: '0.0.1',
  publisher: 'findings-lens-bench',
  license: 'MIT',
  engines: { vscode: '^1.90.0' },
  main: './extension.js',
  activationEvents: ['onStartupFinished'],
  contributes: {
    configuration: {
      title: 'Diagnostics floor',
      properties: {
        'diagnosticsFloor.diagnosticsFile': { type: 'string', default: '', scope: 'machine' },
        'diagnosticsFloor.doneFile': { type: 'string', default: '', scope: 'machine' },
        'diagnosticsFloor.shape': { type: 'string', enum: ['bare', 'client'], default: 'bare', scope: 'machine' },
      },
    },
  },
};

/** The extension's code: plain CommonJS, so it needs no build. */
const EXTENSION_JS = `'use strict';
const vscode = require('vscode');
const fs = require('node:fs');
const readline = require('node:readline');

const PER_SET = ${PER_SET};
const SOURCE = 'Findings Lens';

exports.activate = async function activate(context) {
  const started = performance.now();
  const rssAtActivation = process.memoryUsage.rss();
  const config = vscode.workspace.getConfiguration('diagnosticsFloor');
  const file = config.get('diagnosticsFile');
  const done = config.get('doneFile');
  const shape = config.get('shape');
  const root = vscode.workspace.workspaceFolders[0].uri;
  const collection = vscode.languages.createDiagnosticCollection('diagnostics-floor');
  context.subscriptions.push(collection);
  const links = new Map();
  const target = (href) => {
    if (shape === 'client') return vscode.Uri.parse(href);
    let uri = links.get(href);
    if (!uri) links.set(href, (uri = vscode.Uri.parse(href)));
    return uri;
  };
  const diagnostic = ([sl, sc, el, ec, severity, message, code, href, findingId, unnecessary]) => {
    const d = new vscode.Diagnostic(new vscode.Range(sl, sc, el, ec), message, severity);
    d.source = SOURCE;
    d.code = href === null ? code : { value: code, target: target(href) };
    if (unnecessary) d.tags = [vscode.DiagnosticTag.Unnecessary];
    if (shape === 'client') d.data = { findingId };
    return d;
  };
  let chunk = [];
  let inChunk = 0;
  let diagnostics = 0;
  let files = 0;
  let calls = 0;
  const setChunk = async () => {
    collection.set(chunk);
    calls += 1;
    chunk = [];
    inChunk = 0;
    await new Promise((resolve) => setImmediate(resolve));
  };
  if (file) {
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const entry = JSON.parse(line);
      if (inChunk > 0 && inChunk + entry.diagnostics.length > PER_SET) await setChunk();
      chunk.push([vscode.Uri.joinPath(root, ...entry.path.split('/')), entry.diagnostics.map(diagnostic)]);
      inChunk += entry.diagnostics.length;
      diagnostics += entry.diagnostics.length;
      files += 1;
    }
    if (chunk.length > 0) await setChunk();
  }
  const ms = Math.round(performance.now() - started);
  // Written whole, then renamed: the bench reads it as soon as it exists.
  fs.writeFileSync(done + '.part', JSON.stringify({ diagnostics, files, calls, ms, rssAtActivation }));
  fs.renameSync(done + '.part', done);
};

exports.deactivate = function deactivate() {};
`;

/** Writes the extension's folder under `work` and packages it; returns the .vsix. */
export function floorVsix(root: string, work: string): string {
  const dir = path.join(work, 'diagnostics-floor');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(MANIFEST, null, 2)}\n`);
  writeFileSync(path.join(dir, 'extension.js'), EXTENSION_JS);
  writeFileSync(path.join(dir, 'README.md'), `# ${MANIFEST.displayName}\n\n${MANIFEST.description}.\n`);
  const out = path.join(work, 'diagnostics-floor.vsix');
  rmSync(out, { force: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const run = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    { cwd: dir, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`packaging the floor extension failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return out;
}

/**
 * The floor extension: the least an extension can do to show the same diagnostics as Findings
 * Lens. On start-up it reads the JSON lines floorDiagnostics.ts wrote and sets them in one
 * DiagnosticCollection, in calls of at most PER_SET diagnostics, one call per turn of the event
 * loop (as src/client/diagnosticsBatch.ts does), then writes what it did to a file the bench waits
 * for. No language server, no language client, nothing kept of its own once a call is made: what
 * the extension host holds then is VS Code's cost of the diagnostics (the vscode.Diagnostic
 * objects ExtHostDiagnostics keeps, and what it makes of them for the window).
 *
 * It can also set only the open file's diagnostics, read from a small file, synchronously in
 * activate()'s own turn: as Findings Lens shows the open file's kept diagnostics at activation
 * (src/client/lastShown.ts), packaged to activate on `onLanguage` as Findings Lens does. Either way
 * its first log line is Findings Lens's, measured the same way (process.uptime() in activate()), so
 * editorLogs.ts `activateRan` places it.
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

/** Whether a CPU profile's frame is the floor extension's code (its installed folder is `<id>-<version>`). */
export function isFloorCode(frame: { url: string }): boolean {
  return frame.url.includes(`${FLOOR_EXTENSION_ID}-`);
}

/** Its log output channel, whose first line activateRan reads. */
export const FLOOR_LOG = 'Diagnostics floor';

export type FloorShape = 'bare' | 'client';

/** What starts the extension: after start-up (the memory floor), or the first file of any language opened, as Findings Lens. */
export type FloorActivation = 'onStartupFinished' | 'onLanguage';

/**
 * The settings the floor extension reads: what to set (`diagnosticsFile`: all of them, in calls, one a
 * turn; `openFile`: one file's, read and set synchronously in activate()), in which shape, and where
 * to say it is done. An empty path sets nothing.
 */
export function floorSettings(o: {
  diagnosticsFile?: string;
  openFile?: string;
  doneFile: string;
  shape: FloorShape;
}): Record<string, unknown> {
  return {
    'diagnosticsFloor.diagnosticsFile': o.diagnosticsFile ?? '',
    'diagnosticsFloor.openFile': o.openFile ?? '',
    'diagnosticsFloor.doneFile': o.doneFile,
    'diagnosticsFloor.shape': o.shape,
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
  contributes: {
    configuration: {
      title: 'Diagnostics floor',
      // Application scope, as Findings Lens's feed settings: in code-server a machine-scoped value in
      // the user settings is dropped once the editor knows the setting's scope (any start after the first).
      properties: {
        'diagnosticsFloor.diagnosticsFile': { type: 'string', default: '', scope: 'application' },
        'diagnosticsFloor.openFile': { type: 'string', default: '', scope: 'application' },
        'diagnosticsFloor.doneFile': { type: 'string', default: '', scope: 'application' },
        'diagnosticsFloor.shape': { type: 'string', enum: ['bare', 'client'], default: 'bare', scope: 'application' },
      },
    },
  },
};

/** The extension's manifest, activated by `activation`. */
export function floorManifest(activation: FloorActivation) {
  return { ...MANIFEST, activationEvents: [activation] };
}

/** The extension's code: plain CommonJS, so it needs no build. */
const EXTENSION_JS = `'use strict';
const vscode = require('vscode');
const fs = require('node:fs');
const readline = require('node:readline');

const PER_SET = ${PER_SET};
const SOURCE = 'Findings Lens';
const LOG = ${JSON.stringify(FLOOR_LOG)};

exports.activate = async function activate(context) {
  const started = performance.now();
  const rssAtActivation = process.memoryUsage.rss();
  // Findings Lens's first line (src/client/extension.ts), under this extension's name.
  const log = vscode.window.createOutputChannel(LOG, { log: true });
  context.subscriptions.push(log);
  log.info(LOG + ' ' + context.extension.packageJSON.version + ' activated ' + Math.round(process.uptime() * 1000) + ' ms after the extension host started');
  const config = vscode.workspace.getConfiguration('diagnosticsFloor');
  const file = config.get('diagnosticsFile');
  const openFile = config.get('openFile');
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
  if (openFile) {
    // In activate()'s own turn, as Findings Lens's kept diagnostics of the open file are shown.
    const entry = JSON.parse(fs.readFileSync(openFile, 'utf8'));
    chunk.push([vscode.Uri.joinPath(root, ...entry.path.split('/')), entry.diagnostics.map(diagnostic)]);
    diagnostics += entry.diagnostics.length;
    files += 1;
    collection.set(chunk);
    calls += 1;
    chunk = [];
  }
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
  if (!done) throw new Error('diagnosticsFloor.doneFile is not set: nowhere to say what was set');
  // Written whole, then renamed: the bench reads it as soon as it exists.
  fs.writeFileSync(done + '.part', JSON.stringify({ diagnostics, files, calls, ms, rssAtActivation }));
  fs.renameSync(done + '.part', done);
};

exports.deactivate = function deactivate() {};
`;

/** Writes the extension's folder under `work` and packages it, activated by `activation`; returns the .vsix. */
export function floorVsix(root: string, work: string, activation: FloorActivation): string {
  const dir = path.join(work, 'diagnostics-floor');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(floorManifest(activation), null, 2)}\n`);
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

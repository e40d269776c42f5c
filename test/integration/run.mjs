// `npm run test:integration`: the extension inside a VS Code desktop that @vscode/test-electron
// downloads. For machines that can download VS Code; where it cannot, this says so plainly and
// exits with code 3, which is not a pass (the end-to-end suite in code-server covers the UI).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CANNOT_DOWNLOAD = 3;

async function main() {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_TEST_VERSION ?? 'stable');
  } catch (error) {
    console.error(
      `\nThe integration suite did NOT run: VS Code could not be downloaded here (${error instanceof Error ? error.message : error}).`,
    );
    console.error('This is not a pass. On a machine with access to update.code.visualstudio.com, run `npm run test:integration` again;');
    console.error('here, `npm run test:e2e` runs the extension in code-server instead.');
    return CANNOT_DOWNLOAD;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'findings-lens-integration-'));
  const userData = path.join(scratch, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'findingsLens.feed.project': 'acme-payments' }));
  const workspace = path.join(scratch, 'workspace');
  cpSync(path.join(root, 'test', 'fixtures', 'demo-workspace'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'test', 'integration', 'suite', 'index.cjs'),
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    });
    return 0;
  } catch (error) {
    console.error(`The integration suite failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

process.exitCode = await main();

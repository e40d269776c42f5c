// Runs inside the VS Code extension host that @vscode/test-electron starts: checks, through the
// extension API, what the manifest promises. Plain CommonJS so it needs no build step.
const assert = require('node:assert/strict');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = async function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  mocha.suite.emit('pre-require', global, 'integration', mocha);
  defineTests();
  await new Promise((resolve, reject) =>
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve())),
  );
};

function defineTests() {
  const vscode = require('vscode');
  const manifest = require(path.join(__dirname, '..', '..', '..', 'package.json'));
  const id = `${manifest.publisher}.${manifest.name}`;

  describe('Findings Lens in VS Code desktop', () => {
    it('activates', async () => {
      const extension = vscode.extensions.getExtension(id);
      assert.ok(extension, `extension ${id} is installed`);
      await extension.activate();
      assert.equal(extension.isActive, true);
    });

    it('registers its commands', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const command of ['findingsLens.setToken', 'findingsLens.syncNow']) assert.ok(commands.includes(command), command);
    });

    it('reads the feed URL from user settings only', () => {
      const inspected = vscode.workspace.getConfiguration('findingsLens').inspect('feed.url');
      assert.ok(inspected, 'the setting is declared');
      assert.equal(manifest.contributes.configuration.properties['findingsLens.feed.url'].scope, 'application');
    });
  });
}

import { strict as assert } from 'node:assert';
import { URI, Utils } from 'vscode-uri';
import { GitBases } from '../../../../src/server/workspace/gitBases';
import { ProjectFiles } from '../../../../src/server/workspace/projectFiles';

describe('server: ProjectFiles.pathOf (the feed path of an open file)', () => {
  const folder = URI.file('/home/dev/my project');
  const files = new ProjectFiles(() => folder, new GitBases());

  it('names a file inside the folder as the feed does: relative, forward slashes, decoded', () => {
    assert.equal(files.pathOf(Utils.joinPath(folder, 'src', 'a b.ts').toString()), 'src/a b.ts');
    assert.equal(files.pathOf(Utils.joinPath(folder, 'é', 'x#1.ts').toString()), 'é/x#1.ts');
  });

  it('names nothing outside the folder, the folder itself, or a sibling whose name starts the same', () => {
    assert.equal(files.pathOf(URI.file('/home/dev/other/a.ts').toString()), undefined);
    assert.equal(files.pathOf(folder.toString()), undefined);
    assert.equal(files.pathOf(URI.file('/home/dev/my project2/a.ts').toString()), undefined);
    assert.equal(files.pathOf('untitled:Untitled-1'), undefined);
  });

  it('names nothing without a folder', () => {
    assert.equal(new ProjectFiles(() => undefined, new GitBases()).pathOf(Utils.joinPath(folder, 'a.ts').toString()), undefined);
  });
});

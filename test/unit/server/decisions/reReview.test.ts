import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeHash } from '../../../../src/server/decisions/codeHash';
import { ReReview } from '../../../../src/server/decisions/reReview';
import { FindingStore } from '../../../../src/server/findings/store';
import { placeFinding } from '../../../../src/server/views/placement';
import { makeDecision, makeFinding } from '../makeFinding';

const URI = 'file:///ws/src/db.ts';
const flagged = '  db.query("SELECT * FROM t WHERE id = " + id);';
const text = ['function get(id) {', flagged, '}'].join('\n');

function acknowledged(id: string, pinnedTo: string | undefined) {
  const triage = makeDecision({ id: `d-${id}`, findingId: id, ...(pinnedTo === undefined ? {} : { codeHash: pinnedTo }) });
  return makeFinding({ id, status: 'acknowledged', location: { path: 'src/db.ts', startLine: 2, snippet: flagged }, triage });
}

/** A re-review over one file, open (`doc`) or closed (read from `disk`). */
function world() {
  const store = new FindingStore((path) => ({ ok: true, uri: `file:///ws/${path}` }));
  const docs = new Map<string, TextDocument>();
  const disk = new Map<string, string>([[URI, text]]);
  const reReview = new ReReview({
    store,
    document: (uri) => docs.get(uri),
    place: (_uri, finding, doc) => placeFinding(finding.location, doc),
    readProjectFile: async (uri) => disk.get(uri),
  });
  return { store, docs, disk, reReview };
}

describe('re-review verdicts', () => {
  it('flips when an open file edits the pinned code, once each way, and moves the version each time', () => {
    const { store, docs, reReview } = world();
    store.replaceAll([acknowledged('f', codeHash([flagged]))]);
    docs.set(URI, TextDocument.create(URI, 'typescript', 1, text));
    const v0 = reReview.version;
    assert.equal(reReview.flipped(URI), false, 'unchanged code: nothing to re-review');
    assert.equal(reReview.version, v0);

    docs.set(URI, TextDocument.create(URI, 'typescript', 2, text.replace('+ id', '+ Number(id)')));
    assert.equal(reReview.flipped(URI), true);
    assert.equal(reReview.ofStored(store.get('f')!), true);
    assert.equal(reReview.flipped(URI), false, 'told once');
    const v1 = reReview.version;
    assert.notEqual(v1, v0);

    docs.set(URI, TextDocument.create(URI, 'typescript', 3, text));
    assert.equal(reReview.flipped(URI), true, 'the code is back as decided');
    assert.notEqual(reReview.version, v1);
  });

  it("reads a closed file's pinned code from disk, and moves the disk version only when it changed", async () => {
    const { store, disk, reReview } = world();
    store.replaceAll([acknowledged('f', codeHash([flagged])), acknowledged('unpinned', undefined)]);
    assert.deepEqual([...(await reReview.readClosedFiles([URI]))], [URI], 'first read');
    const v0 = reReview.diskVersion;
    assert.equal(reReview.ofStored(store.get('f')!), false);
    assert.deepEqual([...(await reReview.readClosedFiles([URI]))], [], 'same code on disk');
    assert.equal(reReview.diskVersion, v0, 'the views drawn from it still hold');

    disk.set(URI, text.replace('+ id', '+ Number(id)'));
    assert.deepEqual([...(await reReview.readClosedFiles([URI]))], [URI]);
    assert.notEqual(reReview.diskVersion, v0);
    assert.equal(reReview.ofStored(store.get('f')!), true);
    assert.equal(reReview.ofStored(store.get('unpinned')!), false, 'a decision without a code hash is never re-reviewed');
  });

  it('hashes the code a new decision is pinned to where the user sees it, the disk for a closed file (moving the disk version when it differs)', async () => {
    const { store, docs, disk, reReview } = world();
    store.replaceAll([makeFinding({ id: 'g', location: { path: 'src/db.ts', startLine: 2, snippet: flagged } })]);
    const v0 = reReview.diskVersion;
    assert.equal(await reReview.codeHashNow(store.get('g')!), codeHash([flagged]));
    assert.notEqual(reReview.diskVersion, v0);
    const v1 = reReview.diskVersion;
    assert.equal(await reReview.codeHashNow(store.get('g')!), codeHash([flagged]));
    assert.equal(reReview.diskVersion, v1, 'the same hash again');

    disk.delete(URI);
    docs.set(URI, TextDocument.create(URI, 'typescript', 1, text.replace('+ id', '+ String(id)')));
    assert.equal(await reReview.codeHashNow(store.get('g')!), codeHash([flagged.replace('+ id', '+ String(id)')]), "the editor's text");
  });
});

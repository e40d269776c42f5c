import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrichSarifLog } from '../../../../src/feed/sarif/enrich';
import { mapSarifLog } from '../../../../src/feed/sarif/mapLog';
import { checkoutFiles } from '../../../../src/feed/upload/workingTree';
import { lineHash } from '../../../../src/shared/lineHash';
import { logOf, resultAt } from './logs';

const DB = "import { pool } from './pool';\n\nexport function find(id) {\n  return pool.query('SELECT * FROM t WHERE id = ' + id);\n}\n";
const EMOJI = "const s = '😀'; eval(x);\n";
const files = (path: string): string | undefined => ({ 'src/db.js': DB, 'src/emoji.js': EMOJI })[path];

type Json = Record<string, any>;

function physical(result: Json): Json {
  return result.locations[0].physicalLocation;
}

describe('enrichSarifLog: what the upload CLI adds from the checkout', () => {
  it("adds GitHub's line hash of the primary location and keeps one the tool wrote", () => {
    const log = logOf([
      resultAt('src/db.js', 4),
      resultAt('src/db.js', 3, { partialFingerprints: { primaryLocationLineHash: 'cafe:1', other: 'x' } }),
    ]);
    const added = enrichSarifLog(log, undefined, files);
    const [first, second] = (log.runs as Json[])[0]!.results as Json[];
    assert.deepEqual(first!.partialFingerprints, { primaryLocationLineHash: lineHash(DB, 3) });
    assert.deepEqual(second!.partialFingerprints, { primaryLocationLineHash: 'cafe:1', other: 'x' });
    assert.equal(added.lineHashes, 1);
  });

  it('adds a whole-line context region, from which the feed takes the exact snippet', () => {
    const related = {
      physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 1, startColumn: 10, endColumn: 14 } },
    };
    const log = logOf([resultAt('src/db.js', 3, { relatedLocations: [related] })]);
    (log.runs as Json[])[0]!.results[0].locations[0].physicalLocation.region = { startLine: 3, startColumn: 17, endLine: 5, endColumn: 2 };
    enrichSarifLog(log, undefined, files);
    const result = (log.runs as Json[])[0]!.results[0];
    assert.deepEqual(physical(result).contextRegion, {
      startLine: 3,
      endLine: 5,
      snippet: { text: "export function find(id) {\n  return pool.query('SELECT * FROM t WHERE id = ' + id);\n}" },
    });
    const { finding } = mapSarifLog(log, { project: 'p' }).findings[0]!;
    assert.equal(finding.location.snippet, "export function find(id) {\n  return pool.query('SELECT * FROM t WHERE id = ' + id);\n}");
    assert.equal(finding.relatedLocations![0]!.location.snippet, "import { pool } from './pool';");
  });

  it("places regions given by character offsets on lines, in the run's column unit, for results and fixes", () => {
    const offset = DB.indexOf("'SELECT");
    const region = { charOffset: offset, charLength: 9 };
    const fix = {
      artifactChanges: [
        { artifactLocation: { uri: 'src/db.js' }, replacements: [{ deletedRegion: { ...region }, insertedContent: { text: '$1' } }] },
      ],
    };
    const log = logOf([
      { ...resultAt('src/db.js', 1), locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region } }], fixes: [fix] },
    ]);
    const added = enrichSarifLog(log, undefined, files);
    assert.equal(added.regions, 2);
    const { finding } = mapSarifLog(log, { project: 'p' }).findings[0]!;
    assert.deepEqual(
      [finding.location.startLine, finding.location.startColumn, finding.location.endLine, finding.location.endColumn],
      [4, 21, 4, 30],
    );
    assert.deepEqual(finding.fixes![0]!.files[0]!.replacements[0]!.deletedRegion, {
      startLine: 4,
      startColumn: 21,
      endLine: 4,
      endColumn: 30,
    });

    const points = logOf(
      [
        {
          ...resultAt('src/emoji.js', 1),
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/emoji.js' }, region: { charOffset: 15, charLength: 4 } } }],
        },
      ],
      { columnKind: 'unicodeCodePoints' },
    );
    enrichSarifLog(points, undefined, files);
    const emoji = mapSarifLog(points, { project: 'p' }).findings[0]!.finding.location;
    assert.deepEqual(
      [emoji.startColumn, emoji.endColumn, emoji.snippet],
      [17, 21, "const s = '😀'; eval(x);"],
      'code points 15..19 are UTF-16 columns 17..21',
    );
  });

  it('names each file it could not read once, and leaves results that do not parse alone', () => {
    const broken = { ...resultAt('src/db.js', 4), level: 'severe' };
    const log = logOf([resultAt('src/gone.js', 1), resultAt('src/gone.js', 2), broken]);
    const added = enrichSarifLog(log, undefined, files);
    assert.deepEqual(added, { lineHashes: 0, contextRegions: 0, regions: 0, unreadable: ['src/gone.js'] });
    assert.equal(physical(broken).contextRegion, undefined);
  });

  describe('checkoutFiles', () => {
    let parent: string;
    before(() => {
      parent = mkdtempSync(join(tmpdir(), 'findings-lens-checkout-'));
      mkdirSync(join(parent, 'repo/src'), { recursive: true });
      writeFileSync(join(parent, 'repo/src/a.js'), 'a();\n');
      writeFileSync(join(parent, 'secret.txt'), 'key\n');
      symlinkSync(join(parent, 'secret.txt'), join(parent, 'repo/src/link.js'));
      symlinkSync(join(parent, 'repo/src/a.js'), join(parent, 'repo/src/inside.js'));
    });
    after(() => rmSync(parent, { recursive: true, force: true }));

    it('reads regular files inside the checkout, through links that stay inside, and nothing else', () => {
      const read = checkoutFiles(join(parent, 'repo'));
      assert.equal(read('src/a.js'), 'a();\n');
      assert.equal(read('src/inside.js'), 'a();\n');
      assert.equal(read('src/link.js'), undefined, 'a link out of the checkout');
      assert.equal(read('src'), undefined, 'a folder');
      assert.equal(read('src/none.js'), undefined);
    });
  });
});

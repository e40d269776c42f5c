import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Finding, SEVERITIES, type Location } from '../../../src/shared/feed';
import { demoSeedPath, loadSeed } from '../../../src/feed/seed';
import type { RunningFeed } from '../../../src/feed/server';
import { ALL_BACKENDS, describeOnBackends } from './backends';
import { startTestFeed, syncAll } from './helpers';

const workspace = resolve(__dirname, '../../fixtures/demo-workspace');
const seed = loadSeed(demoSeedPath());

function linesOf(path: string): string[] {
  return readFileSync(resolve(workspace, path), 'utf8').split('\n');
}

/** Every location a finding names: its own, its related ones and its flow steps. */
function locationsOf(f: (typeof seed.findings)[number]): Array<{ where: string; location: Location }> {
  return [
    { where: `${f.id} location`, location: f.location },
    ...(f.relatedLocations ?? []).map((r, i) => ({ where: `${f.id} relatedLocations[${i}]`, location: r.location })),
    ...(f.flow ?? []).map((s, i) => ({ where: `${f.id} flow[${i}]`, location: s.location })),
  ];
}

describe('feed: the demo seed', () => {
  it('has the demo users (and a CI token that uploads) and project, and 12 to 20 findings over all five severities', () => {
    assert.deepEqual(
      seed.users.map((u) => [u.id, u.name, u.role]),
      [
        ['dana', 'Dana Developer', 'developer'],
        ['devon', 'Devon Developer', 'developer'],
        ['lee', 'Lee Lead', 'lead'],
        ['ci', 'Acme CI', 'uploader'],
      ],
    );
    assert.deepEqual(
      seed.projects.map((p) => p.id),
      ['acme-payments'],
    );
    assert.ok(seed.findings.length >= 12 && seed.findings.length <= 20);
    assert.deepEqual(new Set(seed.findings.map((f) => f.severity)), new Set(SEVERITIES));
    assert.equal(new Set(seed.findings.map((f) => f.id)).size, seed.findings.length, 'ids are unique');
  });

  it('points every snippet at the exact text of its lines in the demo workspace', () => {
    for (const f of seed.findings) {
      for (const { where, location } of locationsOf(f)) {
        const lines = linesOf(location.path);
        const end = location.endLine ?? location.startLine;
        const text = lines.slice(location.startLine - 1, end).join('\n');
        assert.ok(location.snippet, `${where} has a snippet`);
        assert.equal(text, location.snippet, `${where}: ${location.path}:${location.startLine}`);
        if (location.startColumn !== undefined && location.endColumn !== undefined && end === location.startLine) {
          assert.ok(location.startColumn < location.endColumn, `${where}: columns in order`);
          assert.ok(location.endColumn <= lines[end - 1]!.length + 1, `${where}: endColumn within the line`);
        }
      }
    }
  });

  it('gives every finding a markdown message with a fenced fix, a CWE and its https help page', () => {
    for (const f of seed.findings) {
      assert.match(f.message, /```[a-z]+\n[\s\S]+\n```/, `${f.id} has a fenced code example`);
      assert.match(f.cwe?.[0] ?? '', /^CWE-\d+$/, f.id);
      assert.equal(f.helpUri, `https://cwe.mitre.org/data/definitions/${f.cwe![0]!.slice(4)}.html`);
    }
    const flows = seed.findings.filter((f) => f.flow);
    assert.ok(flows.length >= 4);
    for (const f of flows) assert.ok(f.flow!.length >= 2 && f.flow!.length <= 4, `${f.id} flow has 2-4 steps`);
  });

  describeOnBackends('served by the feed', ALL_BACKENDS, (backend) => {
    let feed: RunningFeed;
    before(async () => {
      feed = await startTestFeed(backend, { seed: demoSeedPath() });
    });
    after(async () => {
      await feed.close();
    });

    it('parses with the shared Finding schema once the feed fills revision, status and timestamps', async () => {
      const { findings } = await syncAll(feed, 'dana', 'acme-payments');
      assert.equal(findings.length, seed.findings.length);
      for (const raw of findings) {
        const result = Finding.safeParse(raw);
        assert.ok(result.success, `${raw.id}: ${result.success ? '' : result.error.message}`);
        assert.equal(result.data.status, 'open');
        assert.equal(result.data.revision, '1');
      }
    });
  });
});

import * as assert from 'node:assert/strict';
import path from 'node:path';

interface DemoModule {
  parseDemoArgs(argv: string[]): { user: string; port: number };
  tokenLines(info: { tokens: Record<string, string>; leads?: string[] }): string[];
}

const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

describe('scripts/demo.mjs', () => {
  it("prints every demo user's token, the lead's marked", async () => {
    const { tokenLines } = await importEsm<DemoModule>(path.resolve(__dirname, '../../../scripts/demo.mjs'));
    const lines = tokenLines({ tokens: { dana: 'fl_dana', lee: 'fl_lee' }, leads: ['lee'] });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /dana \(developer\)\s+fl_dana$/);
    assert.match(lines[1]!, /lee \(lead: the Review tab\)\s+fl_lee$/);
  });

  it('is imported without starting anything', async () => {
    const { parseDemoArgs } = await importEsm<DemoModule>(path.resolve(__dirname, '../../../scripts/demo.mjs'));
    assert.equal(parseDemoArgs(['--user', 'lee']).user, 'lee');
  });
});

import * as assert from 'node:assert/strict';
import { detailsLinks, findingIdsAt, strictUriComponent, type DiagnosticLike } from '../../../src/client/hoverLinks';

function diag(source: string | undefined, data: unknown, lines: [number, number]): DiagnosticLike {
  return { source, data, contains: (line) => line >= lines[0] && line <= lines[1] };
}

describe('client/hoverLinks', () => {
  it('finds the Findings Lens diagnostics under the cursor, once each, in order', () => {
    const ds = [
      diag('Findings Lens', { findingId: 'AP-1' }, [3, 3]),
      diag('eslint', { findingId: 'X' }, [3, 3]),
      diag('Findings Lens', { findingId: 'AP-2' }, [1, 5]),
      diag('Findings Lens', { findingId: 'AP-1' }, [3, 4]),
      diag('Findings Lens', { findingId: 'AP-9' }, [7, 8]),
      diag('Findings Lens', { nothing: true }, [3, 3]),
    ];
    assert.deepEqual(findingIdsAt(ds, 3, 0), ['AP-1', 'AP-2']);
    assert.deepEqual(findingIdsAt(ds, 6, 0), []);
  });

  it('links only the fixed showDetails command, with the id as an encoded JSON argument and no feed text in the label', () => {
    const hostile = 'x)](command:workbench.action.terminal.new) [y';
    const md = detailsLinks([hostile]);
    assert.equal(
      md,
      `[$(shield) Open in the triage panel](command:findingsLens.showDetails?${strictUriComponent(JSON.stringify([hostile]))})`,
    );
    assert.deepEqual(JSON.parse(decodeURIComponent(md.slice(md.indexOf('?') + 1, -1))), [hostile], 'the argument decodes to the id');
    assert.ok(!md.includes('workbench.action.terminal.new)'), 'the id cannot close the link and start another');
    const commands = [...md.matchAll(/\(command:([^?)]+)/g)].map((m) => m[1]);
    assert.deepEqual(commands, ['findingsLens.showDetails']);
  });

  it('numbers the links when several findings share the line', () => {
    assert.deepEqual(
      detailsLinks(['A', 'B'])
        .split('  \n')
        .map((l) => l.replace(/\]\(.*$/, '')),
      ['[$(shield) Open finding 1 in the triage panel', '[$(shield) Open finding 2 in the triage panel'],
    );
  });
});

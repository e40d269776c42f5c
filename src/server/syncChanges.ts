/**
 * What a sync is about to change, said before the store takes it: which findings are new, which
 * changed and which were withdrawn, for the client's "N new" messages (protocol.ts SyncChanges).
 * Pure: it reads what the store knew through `known`.
 */
import { MAX_SYNC_CHANGES, type SyncChange, type SyncChanges } from '../shared/protocol';
import { SEVERITIES } from '../shared/codes';

/** What is read of a finding: its id, title, severity, revision and status. */
export interface ChangedFinding {
  id: string;
  title: string;
  severity: SyncChange['severity'];
  revision: string;
  status: string;
}

/**
 * The changes of a sync. `incoming` are the findings the feed sent; `gone` those a full sync no
 * longer lists (they count as withdrawn). Undefined when nothing changed.
 */
export function syncChanges(
  incoming: readonly ChangedFinding[],
  known: (id: string) => ChangedFinding | undefined,
  gone: readonly ChangedFinding[] = [],
): SyncChanges | undefined {
  const all: SyncChange[] = [];
  for (const f of incoming) {
    const before = known(f.id);
    if (f.status === 'withdrawn') {
      if (before && before.status !== 'withdrawn') all.push(change(before, 'withdrawn'));
    } else if (!before || before.status === 'withdrawn') all.push(change(f, 'new'));
    else if (before.revision !== f.revision) all.push(change(f, 'changed'));
  }
  for (const f of gone) all.push(change(f, 'withdrawn'));
  if (all.length === 0) return undefined;
  const count = (kind: SyncChange['kind']) => all.filter((c) => c.kind === kind).length;
  return {
    new: count('new'),
    changed: count('changed'),
    withdrawn: count('withdrawn'),
    findings: all.sort(byKindThenSeverity).slice(0, MAX_SYNC_CHANGES),
  };
}

const KIND_ORDER: Record<SyncChange['kind'], number> = { new: 0, changed: 1, withdrawn: 2 };

function byKindThenSeverity(a: SyncChange, b: SyncChange): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
}

function change(f: ChangedFinding, kind: SyncChange['kind']): SyncChange {
  return { id: f.id, title: f.title.slice(0, 200), severity: f.severity, kind };
}

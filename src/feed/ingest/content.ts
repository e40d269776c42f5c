/**
 * What a finding made from a result shows, as one hash: equal hashes mean the result is unchanged.
 * The commit is left out: a result at the same place in a later commit is the same finding as it
 * was (its location still names the lines of the commit it was first seen at in that form), and
 * counting every finding as changed at every commit would send every finding to every client.
 */
import { createHash } from 'node:crypto';
import type { FindingDraft } from '../sarif/types';

export function contentHash(draft: FindingDraft): string {
  const { commit: _commit, ...shown } = draft;
  return createHash('sha256').update(JSON.stringify(shown)).digest('base64url');
}

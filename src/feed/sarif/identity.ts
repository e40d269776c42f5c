/**
 * A result's identity across analyses (docs/feed-protocol.md, "SARIF": identity), so that the same
 * result in a later upload is the same finding, with its decisions and history.
 *
 * The fingerprint is the first that applies of:
 * 1. `fingerprints`: one entry, the first by name (base name, then version as a number, so that a
 *    tool that adds `/v2` beside `/v1` keeps its identities);
 * 2. `partialFingerprints`: every entry, sorted by name, with the primary location's path (GitHub's
 *    `primaryLocationLineHash` does not name the file; the upload CLI adds it when missing);
 * 3. the primary location's path and snippet with all white space removed;
 * 4. the path, the start line and the message: the last resort, which a move breaks.
 *
 * The finding id is `sarif-` and 24 hex digits of the SHA-256 of (scheme version, project, tool,
 * category, rule id, fingerprint, and the occurrence number when one log repeats a fingerprint).
 */
import { createHash } from 'node:crypto';
import type { SarifResult } from './schema';

export type FingerprintSource = 'fingerprints' | 'partialFingerprints' | 'snippet' | 'line';

export interface Fingerprint {
  source: FingerprintSource;
  value: string;
}

/** What identifies a finding within the feed: its fingerprint within a project, tool, category and rule. */
export interface IdentityScope {
  project: string;
  tool: string;
  category: string;
  ruleId: string;
}

const SCHEME = 'findings-lens/sarif/v1';

/** `contextHash/v2` → ['contextHash', 2]; a name without a version is version 0. */
function versioned(name: string): [string, number] {
  const match = /^(.*)\/v(\d+)$/.exec(name);
  return match ? [match[1]!, Number(match[2])] : [name, 0];
}

/** Fingerprint names in the documented order: base name, then version as a number. */
export function compareFingerprintNames(a: string, b: string): number {
  const [baseA, versionA] = versioned(a);
  const [baseB, versionB] = versioned(b);
  return baseA < baseB ? -1 : baseA > baseB ? 1 : versionA - versionB;
}

function entries(map: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(map ?? {})
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => compareFingerprintNames(a, b));
}

export function fingerprintOf(
  result: SarifResult,
  primary: { path: string; startLine: number; snippet?: string },
  message: string,
): Fingerprint {
  const full = entries(result.fingerprints);
  if (full.length > 0) return { source: 'fingerprints', value: `${full[0]![0]}=${full[0]![1]}` };
  const partial = entries(result.partialFingerprints);
  if (partial.length > 0)
    return { source: 'partialFingerprints', value: [primary.path, ...partial.map(([k, v]) => `${k}=${v}`)].join('\n') };
  const code = primary.snippet?.replace(/\s+/g, '');
  if (code) return { source: 'snippet', value: `${primary.path}\n${code}` };
  return { source: 'line', value: `${primary.path}\n${primary.startLine}\n${message}` };
}

/** The finding id of a fingerprint in its scope; `occurrence` > 1 for a repeat within one log. */
export function findingId(scope: IdentityScope, fingerprint: Fingerprint, occurrence: number): string {
  const parts = [SCHEME, scope.project, scope.tool, scope.category, scope.ruleId, fingerprint.source, fingerprint.value];
  if (occurrence > 1) parts.push(String(occurrence));
  return `sarif-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24)}`;
}

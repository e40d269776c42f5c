/**
 * Another user at the feed, as the server and end-to-end tests play them: a decision POSTed with
 * their own token (read the finding's revision, then POST with If-Match and an Idempotency-Key),
 * the way their editor would, so that the editor under test hears of it only from the feed.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TriageResponse, type TriageRequest } from '../src/shared/feed';

/** What the test reads of a findings page: ids and revisions. */
const Revisions = z.object({ findings: z.array(z.object({ id: z.string(), revision: z.string() })) });

/** The finding's current revision, as the user's token reads it (the test feeds hold fewer than 1,000 findings: one page). */
async function revisionOf(feedUrl: string, token: string, project: string, findingId: string): Promise<string> {
  const res = await fetch(`${feedUrl}/v1/projects/${encodeURIComponent(project)}/findings?limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET findings as another user answered ${res.status}: ${await res.text()}`);
  const found = Revisions.parse(await res.json()).findings.find((f) => f.id === findingId);
  if (!found) throw new Error(`finding ${findingId} is not in the first page of ${project}`);
  return found.revision;
}

/** POSTs a decision with `token`; resolves with the stored decision and the moment the feed answered. */
export async function decideAs(
  feedUrl: string,
  token: string,
  project: string,
  findingId: string,
  body: TriageRequest,
): Promise<{ decision: TriageResponse['decision']; answeredAt: number }> {
  const revision = await revisionOf(feedUrl, token, project, findingId);
  const res = await fetch(`${feedUrl}/v1/findings/${encodeURIComponent(findingId)}/triage`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': revision,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const answeredAt = Date.now();
  if (!res.ok) throw new Error(`POST triage as another user answered ${res.status}: ${await res.text()}`);
  return { decision: TriageResponse.parse(await res.json()).decision, answeredAt };
}

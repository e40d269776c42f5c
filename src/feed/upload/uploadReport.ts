/**
 * What the upload CLI prints: the feed's receipt in words (what was new, unchanged, changed,
 * fixed, and what was set aside and why), and a refusal as what happened, what was kept and what
 * to do next.
 */
import type { AnalysisReceipt, AnalysisSetAside } from '../../shared/analysis';
import { FeedError } from '../../shared/feed';
import type { Enrichment } from '../sarif/enrich';
import { TOKEN_VARIABLE } from './uploadArgs';

const SHOWN = 20;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `runs[0].results[12] (FF1001), its fix: reason`. */
function setAsideLine(s: AnalysisSetAside): string {
  const part = s.what === 'result' ? '' : `, ${s.what === 'fix' ? 'a fix' : 'a location'}`;
  return `  runs[${s.run}].results[${s.index}]${s.ruleId ? ` (${s.ruleId})` : ''}${part}: ${s.reason}`;
}

export function describeEnrichment(enrichment: Enrichment, root: string): string[] {
  const lines: string[] = [];
  const added = [
    enrichment.lineHashes > 0 ? plural(enrichment.lineHashes, 'line hash', 'line hashes') : '',
    enrichment.contextRegions > 0 ? plural(enrichment.contextRegions, 'snippet') : '',
    enrichment.regions > 0 ? plural(enrichment.regions, 'region placed on lines', 'regions placed on lines') : '',
  ].filter(Boolean);
  if (added.length > 0) lines.push(`Added from ${root}: ${added.join(', ')}.`);
  if (enrichment.unreadable.length > 0) {
    const names = enrichment.unreadable.slice(0, 10).join(', ') + (enrichment.unreadable.length > 10 ? ', …' : '');
    lines.push(
      `Could not read ${plural(enrichment.unreadable.length, 'file')} the results name (${names}): their results are sent as the log has them, and may not keep their identity when code moves.`,
    );
  }
  return lines;
}

export function describeReceipt(receipt: AnalysisReceipt): string {
  const { counts, analysis } = receipt;
  const lines = [
    `The feed took analysis ${analysis.id} of ${analysis.tools.join(', ') || 'no tool'} (project ${analysis.project}, category ${analysis.category}, ${analysis.ref}${analysis.commit ? ` at ${analysis.commit.slice(0, 12)}` : ''}):`,
    `  ${counts.new} new, ${counts.unchanged} unchanged, ${counts.changed} changed, ${counts.fixed} fixed, ${counts.reopened} reopened, ${counts.setAside} set aside.`,
  ];
  if (receipt.setAside.length > 0) {
    lines.push(
      `Set aside (${receipt.setAside.length > SHOWN ? `the first ${SHOWN} of ${receipt.setAside.length}` : 'each with its reason'}):`,
    );
    lines.push(...receipt.setAside.slice(0, SHOWN).map(setAsideLine));
  }
  for (const note of receipt.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

const NEXT_STEP: Record<number, string> = {
  400: 'Correct the log or the flags as the message says, then upload again.',
  401: `The feed does not accept the token in ${TOKEN_VARIABLE}: set a valid upload token.`,
  403: 'The token may not upload to this project: it needs a role that allows uploads and membership of the project.',
  404: 'Check --project; a feed that does not take uploads yet answers 404 too.',
  413: 'The log is larger than the feed takes: split it (one log per tool or per folder).',
  429: 'The feed is busy: upload again after the time it asks for.',
};

/** A refusal in words: the status, the feed's own code and message, and what to do next. */
export function describeRefusal(status: number, body: string, location?: string): string {
  if (status >= 300 && status < 400) {
    return `upload refused: the feed answered ${status} with a redirect${location ? ` to ${location}` : ''}, which is not followed (the token would go with it). Nothing was stored. Give --url the feed's own address.`;
  }
  let detail = '';
  try {
    const parsed = FeedError.safeParse(JSON.parse(body));
    if (parsed.success) detail = `: ${parsed.data.error.code}: ${parsed.data.error.message}`;
  } catch {
    // Not JSON: the status says enough.
  }
  const next =
    NEXT_STEP[status] ??
    (status >= 500 ? 'The feed failed: upload again later (an upload is all or nothing, so it is safe to repeat).' : '');
  return `upload refused: the feed answered ${status}${detail}. Nothing was stored. ${next}`.trim();
}

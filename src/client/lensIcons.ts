/**
 * The severity's codicon in front of a code lens title, as the Findings view shows it
 * (`$(flame) Critical · SQL injection … · open`). The server's title stays plain text for any
 * editor; VS Code draws `$(name)` as its icon. Only a title that starts with a severity changes.
 */
import { SEVERITIES, severityLabel } from '../shared/codes';
import { severityLook } from './tree/grouping';

const LEADING = new RegExp(`^(≈ )?(${SEVERITIES.map(severityLabel).join('|')}) · `);

export function withSeverityIcon(title: string): string {
  const match = LEADING.exec(title);
  if (!match) return title;
  const severity = SEVERITIES.find((s) => severityLabel(s) === match[2])!;
  return `$(${severityLook(severity).icon}) ${title}`;
}

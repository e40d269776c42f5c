/**
 * Keeps the feed token out of the log. Everything written to the output channel, by the
 * extension or by the language client's traces, passes through `Redactor.redact`.
 *
 * Two nets: the exact tokens this window has seen (remembered by the token module), and
 * patterns that look like a credential whatever its value (an Authorization header, a
 * "token" field in a JSON trace), in case a token reached a message by another road.
 */

export const REDACTED = '‹redacted›';

/** Tokens shorter than this are not searched for verbatim: they would blank ordinary words. */
const MIN_SECRET_LENGTH = 6;

const PATTERNS: readonly [RegExp, string][] = [
  // Authorization: Bearer abc / bearer abc
  [/\b(Bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // "token": "abc" and 'token': 'abc' as JSON or JS object text (setToken traces)
  [/(["']?\b(?:token|feedToken|authorization)["']?\s*[:=]\s*)(["'])(?:(?!\2)[^\\]|\\.)*\2/gi, `$1$2${REDACTED}$2`],
  // ?token=abc in a URL
  [/([?&](?:token|access_token)=)[^&\s"']+/gi, `$1${REDACTED}`],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a token so that it is blanked wherever it appears. */
  remember(secret: string | null | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** A log argument of any kind, as redacted text (objects are shown as JSON, errors by stack). */
  redactValue(value: unknown): string {
    return this.redact(describe(value));
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

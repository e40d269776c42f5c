/**
 * The parts our diagnostics have in common, held once. The editor keeps every diagnostic we set
 * for as long as it is shown (100,000 of them in Problems at 100,000 findings), and the language
 * client makes each one's parts anew from the server's JSON: a vscode.Uri parsed from the rule's
 * help link (a handful of distinct links, one Uri object and its strings per diagnostic), and the
 * source and rule code as strings of their own. Each diagnostic is given the first Uri and strings
 * seen with the same text instead, before the editor takes it: nothing a user sees changes (the
 * same link, the same code), and the copies become garbage at once instead of living in the
 * extension host for as long as the findings are shown.
 */

/** A diagnostic's parts this shares (vscode.Diagnostic has them; a plain object in the tests). */
export interface DiagnosticParts<U> {
  source?: string;
  code?: string | number | { value: string | number; target: U };
}

/** Distinct links and texts held, at most: the rules of a feed are far fewer; past it, new ones are left as they are. */
export const MAX_SHARED = 2_000;

export class SharedDiagnosticParts<U extends { toString(): string }> {
  private readonly targets = new Map<string, U>();
  private readonly texts = new Map<string, string>();

  /** Gives each diagnostic the shared link and texts, in place; returns the same list. */
  share<D extends DiagnosticParts<U>>(diagnostics: D[]): D[] {
    for (const d of diagnostics) {
      if (d.source !== undefined) d.source = this.text(d.source);
      const code = d.code;
      if (typeof code === 'string') d.code = this.text(code);
      else if (typeof code === 'object') {
        if (typeof code.value === 'string') code.value = this.text(code.value);
        code.target = this.target(code.target);
      }
    }
    return diagnostics;
  }

  private text(text: string): string {
    return shared(this.texts, text, text);
  }

  private target(uri: U): U {
    return shared(this.targets, uri.toString(), uri);
  }
}

/** The value held for `key`, or `value`, held from now on while there is room. */
function shared<T>(held: Map<string, T>, key: string, value: T): T {
  const known = held.get(key);
  if (known !== undefined) return known;
  if (held.size < MAX_SHARED) held.set(key, value);
  return value;
}

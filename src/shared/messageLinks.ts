/**
 * Which links of a finding's message may be opened: https URLs only (no credentials), and, for
 * the panel's host, only those written in the message itself. A click in the panel names the URL;
 * the host opens it with `vscode.env.openExternal` only when it passes both. No markdown parser
 * here (the contract imports none): the webview parses the message (src/webview/markdownView.ts),
 * and every https link it draws is one of the https URLs this finds in the same text.
 */

/**
 * The WHATWG URL class. Every runtime of the contract has it (Node, the webview); the contract's
 * own lib names neither host's globals, so the little used here is declared.
 */
declare const URL: new (input: string) => { href: string; protocol: string; username: string; password: string };

/** The URL to open for a link target, or undefined when it is not an https URL (or hides credentials). */
export function safeLinkTarget(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href);
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** The https URLs written in a message (link targets, autolinks, bare URLs), normalised, in order. */
export function messageUrls(markdown: string): string[] {
  const found: string[] = [];
  for (const match of markdown.matchAll(/https:\/\/[^\s<>()[\]"'`]+/gi)) {
    const url = safeLinkTarget(match[0]);
    if (url !== undefined && !found.includes(url)) found.push(url);
  }
  return found;
}

/** Whether the panel may have the host open `url` for a finding whose message is `markdown`. */
export function isMessageLink(markdown: string, url: string): boolean {
  const target = safeLinkTarget(url);
  return target !== undefined && messageUrls(markdown).includes(target);
}

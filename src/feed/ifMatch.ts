/**
 * `If-Match` carries the revision a client last saw. Quotes and a weak prefix are tolerated, so
 * both `If-Match: 3` and `If-Match: "3"` name revision 3.
 */
export function revisionFromIfMatch(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1')
    .trim();
  return value === '' ? undefined : value;
}

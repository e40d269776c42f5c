/**
 * How much of a SARIF log the feed takes. A log past a hard bound is refused whole with a message
 * naming the bound (an upload is one transaction: taking part of a log would close the findings of
 * the part left out). A result past a per-result bound is set aside with its reason; the rest of
 * the log is still taken.
 */
export const SARIF_LIMITS = {
  /** Bytes of one log, uncompressed. */
  logBytes: 256 * 1024 * 1024,
  /** Results of one log, all runs together. */
  results: 100_000,
  /** Runs of one log. */
  runs: 100,
  /** Characters of one text a result carries (message, argument, justification). */
  textChars: 32_768,
  /** Characters of a file's content a result carries (a snippet, the text a fix inserts). */
  contentChars: 65_536,
  /** Characters of a URI or a fingerprint. */
  uriChars: 4_096,
  /** Entries of any one list inside a result (locations, related locations, flow steps, fixes). */
  listItems: 10_000,
} as const;

/** What a finding keeps of a long list or text (the rest is dropped, never refused). */
export const FINDING_BOUNDS = {
  relatedLocations: 100,
  flowSteps: 100,
  cwes: 20,
  titleChars: 200,
  /** The rule's help appended to the message. */
  helpChars: 16_384,
  snippetLines: 50,
  snippetChars: 16_384,
} as const;

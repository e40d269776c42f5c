/**
 * A SARIF artifact location as a repository-relative path with forward slashes (SARIF §3.4, §3.14.14).
 *
 * A URI may be relative to a named base (`uriBaseId`), whose value in `run.originalUriBaseIds` may
 * itself be relative to another; a base the log does not define (tools write `%SRCROOT%` and leave
 * it to the reader) is the repository root, and so is no base at all. An absolute `file:` URI is
 * taken only under the checkout root given at upload. Anything else is refused with its reason:
 * a path that climbs out of the repository, an absolute path elsewhere, another scheme.
 */
import { SARIF_LIMITS } from './limits';
import { ArtifactLocation, type SarifRun } from './schema';

export type PathResult = { path: string } | { reason: string };

/** Why not, or where: a relative path still to normalise, or an absolute URL. */
type Resolved = { reason: string } | { relative: string } | { absolute: URL };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const MAX_BASE_DEPTH = 10;

export interface PathContext {
  originalUriBaseIds?: Record<string, ArtifactLocation>;
  /** `run.artifacts[index].location`, parsed. */
  artifact(index: number): ArtifactLocation | undefined;
  /** The checkout root as a `file:` URL, when the upload gave one. */
  checkoutUri?: string;
}

/** Resolves artifact locations of one run, remembering each answer (a log names few files many times). */
export class PathResolver {
  private readonly seen = new Map<string, PathResult>();
  private readonly root: URL | undefined;

  constructor(private readonly context: PathContext) {
    this.root = context.checkoutUri !== undefined ? checkoutRoot(context.checkoutUri) : undefined;
  }

  resolve(location: ArtifactLocation): PathResult {
    const key = `${location.index ?? ''}\u0000${location.uriBaseId ?? ''}\u0000${location.uri ?? ''}`;
    let answer = this.seen.get(key);
    if (!answer) this.seen.set(key, (answer = this.compute(location)));
    return answer;
  }

  private compute(location: ArtifactLocation): PathResult {
    let { uri, uriBaseId } = location;
    if (uri === undefined && location.index !== undefined && location.index >= 0) {
      const artifact = this.context.artifact(location.index);
      if (!artifact) return { reason: `artifact ${location.index} is not in run.artifacts` };
      ({ uri, uriBaseId } = artifact);
    }
    if (uri === undefined) return { reason: 'the location has no uri' };
    const resolved = this.against(uri, uriBaseId, 0);
    if ('reason' in resolved) return resolved;
    if ('relative' in resolved) return normalise(resolved.relative, uri);
    return this.underRoot(resolved.absolute, uri);
  }

  private against(uri: string, baseId: string | undefined, depth: number): Resolved {
    if (SCHEME.test(uri)) return absoluteUrl(uri);
    if (uri.startsWith('/')) return absoluteUrl(`file://${uri}`);
    const base = baseId !== undefined ? this.context.originalUriBaseIds?.[baseId] : undefined;
    if (!base || base.uri === undefined) return { relative: uri };
    if (depth >= MAX_BASE_DEPTH) return { reason: `uriBaseId ${baseId} is defined in a chain deeper than ${MAX_BASE_DEPTH} (or a loop)` };
    const resolvedBase = this.against(base.uri, base.uriBaseId, depth + 1);
    if ('reason' in resolvedBase) return resolvedBase;
    if ('absolute' in resolvedBase) return absoluteUrl(uri, resolvedBase.absolute);
    const prefix =
      resolvedBase.relative === '' || resolvedBase.relative.endsWith('/') ? resolvedBase.relative : `${resolvedBase.relative}/`;
    return { relative: prefix + uri };
  }

  private underRoot(url: URL, uri: string): PathResult {
    if (url.protocol !== 'file:') return { reason: `${quote(uri)} is a ${url.protocol} URI, not a file of the repository` };
    if (url.host !== '' && url.host !== 'localhost') return { reason: `${quote(uri)} is a file on another host (${url.host})` };
    if (!this.root) return { reason: `${quote(uri)} is an absolute path, and the upload gave no checkout root to make it relative to` };
    if (!url.pathname.startsWith(this.root.pathname)) return { reason: `${quote(uri)} is outside the checkout root ${this.root.href}` };
    return normalise(url.pathname.slice(this.root.pathname.length), uri);
  }
}

/** The checkout root as a file URL whose path ends with a slash. */
function checkoutRoot(text: string): URL | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'file:') return undefined;
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  } catch {
    return undefined;
  }
}

function absoluteUrl(uri: string, base?: URL): Resolved {
  // A one-letter scheme is a Windows drive (C:\src\a.c), written by tools that skip the file: URI.
  if (base === undefined && /^[a-zA-Z]:/.test(uri)) return { reason: `${quote(uri)} is an absolute Windows path, not a file: URI` };
  try {
    return { absolute: new URL(uri, base) };
  } catch {
    return { reason: `${quote(uri)} is not a valid URI` };
  }
}

/**
 * A relative reference as a clean repository path: percent-decoded, backslashes (written by some
 * Windows tools) read as slashes, `.` and empty segments dropped, `..` resolved, and refused when it
 * would climb above the root.
 */
function normalise(relative: string, uri: string): PathResult {
  if (/[?#]/.test(relative)) return { reason: `${quote(uri)} has a query or fragment: not a file path` };
  const segments: string[] = [];
  for (const raw of relative.split(/[\\/]/)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { reason: `${quote(uri)} has a malformed %-escape` };
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
    if (/[\u0000-\u001f/\\]/.test(segment)) return { reason: `${quote(uri)} has a control character or an escaped slash in a file name` };
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { reason: `${quote(uri)} climbs out of the repository` };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) return { reason: `${quote(uri)} names the repository root, not a file` };
  const path = segments.join('/');
  return path.length > SARIF_LIMITS.uriChars ? { reason: 'the path is too long' } : { path };
}

function quote(uri: string): string {
  return JSON.stringify(uri.length > 200 ? `${uri.slice(0, 200)}…` : uri);
}

/** The resolver of one run: its base ids, its artifacts (parsed when first named), the checkout root. */
export function runPaths(run: SarifRun, checkoutUri: string | undefined): PathResolver {
  const artifact = (i: number): ArtifactLocation | undefined => {
    const parsed = ArtifactLocation.safeParse((run.artifacts?.[i] as { location?: unknown } | undefined)?.location);
    return parsed.success ? parsed.data : undefined;
  };
  return new PathResolver({ originalUriBaseIds: run.originalUriBaseIds, artifact, checkoutUri });
}

/**
 * Where an upload goes: the feed URL checked the way the extension checks it (https, plain http
 * only on this machine, no user name or password in it), and the analyses endpoint of a project
 * with the upload's query. The token goes to that origin only.
 */
import type { AnalysisQuery } from '../../shared/analysis';
import { UsageError } from './uploadArgs';

/** 127.0.0.0/8, ::1 and localhost: where plain http leaves nothing on the network. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The feed's base URL, or a UsageError that says why it is refused. */
export function feedBase(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new UsageError(
      '--url must be https (plain http only for localhost, 127.0.0.1 or ::1): the token is not sent in clear over a network',
    );
  }
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`--url must not hold a user name or password: the token comes from the environment`);
  if (url.search !== '' || url.hash !== '') throw new UsageError('--url must not have a query or a fragment');
  return url;
}

/** `<base>/v1/projects/<project>/analyses?category=…&commit=…&ref=…&checkoutUri=…`. */
export function analysesUrl(base: URL, project: string, query: AnalysisQuery): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(project)}/analyses`;
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/**
 * What each role may do on /v1. A person's token (developer, lead) reads findings and decides on
 * them, never uploads; an uploader's token (CI) uploads analyses to its projects and does nothing
 * else, so a token kept in a pipeline's secrets cannot read or triage findings.
 */
import { FeedHttpError } from './errors';
import type { FeedUser } from './storage/accounts';

/** Refuses an upload by anyone but an uploader. */
export function requireUploader(user: FeedUser): void {
  if (user.role !== 'uploader') {
    throw new FeedHttpError(
      403,
      'forbidden',
      `only an upload token (role uploader, for CI) may upload analyses; ${user.id} is a ${user.role}`,
    );
  }
}

/** Refuses an uploader anything but an upload. */
export function refuseUploader(user: FeedUser): void {
  if (user.role === 'uploader') {
    throw new FeedHttpError(
      403,
      'forbidden',
      'this is an upload token (role uploader): it may only upload analyses (POST /v1/projects/{project}/analyses)',
    );
  }
}

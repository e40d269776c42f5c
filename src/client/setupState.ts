/**
 * What is missing before findings can be shown, for the Findings view's welcome (package.json
 * `viewsWelcome`, by the context key `findingsLens.setup`): the feed URL, the project, the token,
 * or a token the feed refused. Pure: from the settings and the server's last status.
 */
import type { SyncState } from '../shared/protocol';

export type SetupState = 'noFeedUrl' | 'noProject' | 'noToken' | 'tokenRejected' | 'ready';

/** The context key the welcome content reads. */
export const SETUP_CONTEXT_KEY = 'findingsLens.setup';

export function setupState(settings: { feedUrl: string; project: string }, state: SyncState | undefined): SetupState {
  if (settings.feedUrl.trim() === '') return 'noFeedUrl';
  if (settings.project.trim() === '') return 'noProject';
  if (state?.kind === 'noToken') return 'noToken';
  if (state?.kind === 'unauthorized') return 'tokenRejected';
  return 'ready';
}

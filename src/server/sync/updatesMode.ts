/**
 * Pushed or polled: how often the poll runs while the feed's event stream is live, and the sentence
 * the status bar's tooltip and the log give for it.
 */
import type { UpdatesMode } from '../../shared/protocol';
import type { ServerSettings } from '../../shared/settings';
import type { StreamHealth } from '../feed/eventStream';
import { clockTime } from './syncNotices';

/**
 * The poll while the stream is live: a safety net, not the way changes come. Once an hour (or the
 * setting, if longer): an event lost between an instance and the database would be caught then.
 */
export const RELAXED_POLL_MS = 60 * 60_000;

/** Milliseconds to the next poll, given how updates come now. */
export function pollIntervalMs(settings: ServerSettings, health: StreamHealth): number {
  const configured = settings.pollInterval * 1000;
  return health.kind === 'live' ? Math.max(configured, RELAXED_POLL_MS) : configured;
}

/** What the status says about how changes reach the editor. */
export function updatesMode(settings: ServerSettings, health: StreamHealth): UpdatesMode {
  const every = `every ${seconds(settings.pollInterval)}`;
  if (!settings.pushUpdates) return { mode: 'polled', message: `Updates are polled ${every} (findingsLens.feed.pushUpdates is off).` };
  switch (health.kind) {
    case 'live':
      return { mode: 'pushed', message: `Updates are pushed by the feed as they happen; the poll relaxed to ${relaxed(settings)}.` };
    case 'polling':
      return {
        mode: 'polled',
        message: `Updates are polled ${every}: ${health.reason}; the event stream is tried again at ${clockTime(new Date(health.retryAt))}.`,
      };
    default:
      return { mode: 'polled', message: `Updates are polled ${every} until the feed's event stream is open.` };
  }
}

function relaxed(settings: ServerSettings): string {
  const ms = Math.max(settings.pollInterval * 1000, RELAXED_POLL_MS);
  return ms === RELAXED_POLL_MS ? 'once an hour' : `every ${seconds(ms / 1000)}`;
}

function seconds(s: number): string {
  return s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

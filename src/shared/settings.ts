/**
 * The settings the language server needs, one source of truth for client and server. The client
 * reads them from VS Code's configuration (package.json `contributes.configuration`); another LSP
 * editor passes the same object in `initializationOptions.settings` and in
 * `workspace/didChangeConfiguration` as `{ settings: { findingsLens: ServerSettings } }`.
 */
import { z } from 'zod';

export const ResolvedDisplay = z.enum(['hint', 'hide']);
export type ResolvedDisplay = z.infer<typeof ResolvedDisplay>;

export const ServerSettings = z.object({
  /** Base URL of the partner feed, e.g. https://feed.example.com. https is required except on loopback. */
  feedUrl: z.string().default(''),
  /** The project id on the feed. */
  project: z.string().default(''),
  /** Seconds between background syncs. */
  pollInterval: z.number().int().min(10).default(300),
  /** Whether the feed's event stream is kept open, so that changes are synced as they happen (the poll then relaxes). */
  pushUpdates: z.boolean().default(true),
  /** Seconds before one feed request is given up. */
  requestTimeout: z.number().int().min(1).max(600).default(30),
  /** Project id → workspace folder (its name, or its path). Default: the first folder. */
  projectFolders: z.record(z.string(), z.string()).default({}),
  /** How acknowledged findings and approved disputes are shown: as hints with the unnecessary tag, or hidden. */
  resolvedFindings: ResolvedDisplay.default('hint'),
  /** Findings one sync may bring; past it the sync stops and the last good findings stay shown. */
  maxFindingsPerSync: z.number().int().min(1_000).max(10_000_000).default(200_000),
  /** Pages one sync may follow; past it the sync stops and the last good findings stay shown. */
  maxPagesPerSync: z.number().int().min(10).max(1_000_000).default(2_000),
  /** Megabytes one feed response may hold; reading stops past it and the sync stops. */
  maxResponseMegabytes: z.number().int().min(1).max(1_024).default(32),
});
export type ServerSettings = z.infer<typeof ServerSettings>;

/** `initializationOptions` of the language server. */
export const InitializationOptions = z.object({
  settings: ServerSettings.default(ServerSettings.parse({})),
  /** A folder the server may write to: the cached findings and the decision outbox live there. */
  storagePath: z.string().min(1).max(4096).optional(),
});
export type InitializationOptions = z.infer<typeof InitializationOptions>;

/**
 * Checks `initializationOptions` part by part, so that one bad part costs only itself: bad settings
 * are named (`findingsLens.pollInterval: …`) and the defaults used, a bad storage folder is named
 * (`initializationOptions.storagePath: …`) and none is used (nothing is kept between runs).
 */
export function parseInitializationOptions(raw: unknown): { settings: ServerSettings; storagePath?: string; problems: string[] } {
  const problems: string[] = [];
  const options = z.object({ settings: z.unknown(), storagePath: z.unknown() }).partial().nullish().safeParse(raw);
  if (!options.success) problems.push('initializationOptions: expected an object with settings and storagePath; the defaults are used');
  const given = (options.success && options.data) || {};
  const settings = parseSettings(given.settings);
  if (!settings.ok) problems.push(...settings.problems);
  const storagePath = InitializationOptions.shape.storagePath.safeParse(given.storagePath);
  if (!storagePath.success)
    problems.push(
      ...storagePath.error.issues.map(
        (i) => `initializationOptions.storagePath: ${i.message}; nothing is cached and no decision can be queued`,
      ),
    );
  const parsed = { settings: settings.ok ? settings.settings : ServerSettings.parse({}), problems };
  return storagePath.success && storagePath.data !== undefined ? { ...parsed, storagePath: storagePath.data } : parsed;
}

/**
 * Checks a settings object and names each bad setting, so that the user is told which one to fix.
 * Returns the parsed settings (defaults filled) or the list of problems.
 */
export function parseSettings(raw: unknown): { ok: true; settings: ServerSettings } | { ok: false; problems: string[] } {
  const result = ServerSettings.safeParse(raw ?? {});
  if (result.success) return { ok: true, settings: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `findingsLens.${i.path.join('.') || '(settings)'}: ${i.message}`),
  };
}

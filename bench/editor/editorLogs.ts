/**
 * What the editor's own logs say about a run: when the extension host activated Findings Lens and
 * for which event (remoteexthost.log), and what the language server reported (its lines reach the
 * extension's "Findings Lens" output channel, written to `Findings Lens.log`): the sync and the
 * time it took by its own clock, the cache it showed, the cache it saved. Times are the editor's
 * log timestamps (local time, milliseconds).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface LogLine {
  at: number;
  level: string;
  message: string;
}

/** One line of a VS Code log file: `2026-12-04 00:52:11.034 [info] message`. */
export function parseLogLine(line: string): LogLine | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[(\w+)\] (.*)$/.exec(line);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, ms] = m.slice(1, 8).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { at: new Date(year, month - 1, day, hour, minute, second, ms).getTime(), level: m[8]!, message: m[9]! };
}

export function parseLog(text: string): LogLine[] {
  return text.split('\n').flatMap((line) => parseLogLine(line) ?? []);
}

/** When the extension host activated `extensionId`, and the event that did it. */
export function activationOf(lines: readonly LogLine[], extensionId: string): { at: number; event: string } | undefined {
  for (const line of lines) {
    const m = /^ExtensionService#_doActivateExtension (\S+), startup: \w+, activationEvent: '([^']+)'/.exec(line.message);
    if (m && m[1] === extensionId) return { at: line.at, event: m[2]! };
  }
  return undefined;
}

/**
 * When activate() ran: the extension's first line says how long after the extension host started
 * (`hostStartedAt`, wall clock), measured in activate() itself. Without either (an older package,
 * or the host's start unknown), the line's timestamp: when it reached the log file, which at
 * start-up can be seconds late, so only an upper bound. `name` is the extension's as its line
 * begins (the floor extension logs the same line under its own name).
 */
export function activateRan(lines: readonly LogLine[], hostStartedAt?: number, name = 'Findings Lens'): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped} \\S* activated(?: (\\d+) ms after the extension host started)?$`);
  for (const line of lines) {
    const m = pattern.exec(line.message);
    if (!m) continue;
    return m[1] !== undefined && hostStartedAt !== undefined ? hostStartedAt + Number(m[1]) : line.at;
  }
  return undefined;
}

/** The first sync the server logged: its kind, findings, and the milliseconds it measured itself. */
export interface ServerSync {
  at: number;
  kind: string;
  findings: number;
  ms: number;
}

export function firstSync(lines: readonly LogLine[]): ServerSync | undefined {
  for (const line of lines) {
    const full = /^sync: (full|incremental), \d+ page\(s\), (\d+) finding\(s\).*?, (\d+) ms$/.exec(line.message);
    if (full) return { at: line.at, kind: full[1]!, findings: Number(full[2]), ms: Number(full[3]) };
    const none = /^sync: (not modified|no change since the last sync) \((\d+) ms\)$/.exec(line.message);
    if (none) return { at: line.at, kind: none[1]!, findings: 0, ms: Number(none[2]) };
  }
  return undefined;
}

/** When the server said it shows its cache (a warm start), with how many findings. */
export function cacheShown(lines: readonly LogLine[]): { at: number; findings: number } | undefined {
  for (const line of lines) {
    const m = /^showing (\d+) cached finding\(s\)/.exec(line.message);
    if (m) return { at: line.at, findings: Number(m[1]) };
  }
  return undefined;
}

/** When the server showed the open files' findings from its cache before the whole of it (a warm start), with how many and its scan's own time. */
export function cacheFirstLook(lines: readonly LogLine[]): { at: number; findings: number; ms: number } | undefined {
  for (const line of lines) {
    const m = /^cache first look: (\d+) finding\(s\) of \d+ open file\(s\) in (\d+) ms$/.exec(line.message);
    if (m) return { at: line.at, findings: Number(m[1]), ms: Number(m[2]) };
  }
  return undefined;
}

/** Whether the server wrote its cache after `after` (the next warm start needs it whole). */
export function cacheSavedAfter(lines: readonly LogLine[], after: number): boolean {
  return lines.some((line) => line.at >= after && line.message.startsWith('findings cache saved'));
}

/** The log files of the newest editor session under a user-data folder: the extension host's and ours. */
export function sessionLogs(userDataDir: string): { extensionHost: string; findingsLens: string } | undefined {
  const logs = path.join(userDataDir, 'logs');
  if (!existsSync(logs)) return undefined;
  for (const session of readdirSync(logs).sort().reverse()) {
    const host = path.join(logs, session, 'exthost1');
    if (!existsSync(host)) continue;
    return {
      extensionHost: path.join(host, 'remoteexthost.log'),
      findingsLens: channelLog(path.join(host, 'remoteexthost.log'), 'findings-lens.findings-lens', 'Findings Lens'),
    };
  }
  return undefined;
}

/** The log file of an extension's log output channel, in the session whose extension host logs to `extensionHostLog`. */
export function channelLog(extensionHostLog: string, extensionId: string, channel: string): string {
  return path.join(path.dirname(extensionHostLog), extensionId, `${channel}.log`);
}

/** A log file's lines, or none while it does not exist yet. */
export function readLog(file: string): LogLine[] {
  return existsSync(file) ? parseLog(readFileSync(file, 'utf8')) : [];
}

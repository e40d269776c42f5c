/**
 * The language client writes the server's log into our output channel as
 * `[Info  - 10:14:03 PM] message`, and the log channel puts its own time and level in front of
 * every line: two timestamps. A line of that form is passed on at its level, without the prefix.
 */
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const PREFIX = /^\[(Trace|Debug|Info|Warn|Error)\s*- [^\]]{1,40}\] ?/;

/** The level and the message of a language client line, or undefined for any other line. */
export function clientLogLine(line: string): { level: LogLevelName; message: string } | undefined {
  const match = PREFIX.exec(line);
  if (!match) return undefined;
  return { level: match[1]!.toLowerCase() as LogLevelName, message: line.slice(match[0].length) };
}

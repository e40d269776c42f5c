/**
 * The extension's one output channel, "Findings Lens", shared with the language client. Every
 * line goes through the Redactor first, so a token never reaches the log even when a message or
 * a protocol trace carried it.
 */
import * as vscode from 'vscode';
import { clientLogLine } from './logLine';
import type { Redactor } from './redact';

export function createLog(redactor: Redactor): vscode.LogOutputChannel {
  return new RedactingLog(vscode.window.createOutputChannel('Findings Lens', { log: true }), redactor);
}

class RedactingLog implements vscode.LogOutputChannel {
  constructor(
    private readonly inner: vscode.LogOutputChannel,
    private readonly redactor: Redactor,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.inner.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.inner.onDidChangeLogLevel;
  }

  trace(message: string, ...args: unknown[]): void {
    this.inner.trace(this.redactor.redact(message), ...this.clean(args));
  }
  debug(message: string, ...args: unknown[]): void {
    this.inner.debug(this.redactor.redact(message), ...this.clean(args));
  }
  info(message: string, ...args: unknown[]): void {
    this.inner.info(this.redactor.redact(message), ...this.clean(args));
  }
  warn(message: string, ...args: unknown[]): void {
    this.inner.warn(this.redactor.redact(message), ...this.clean(args));
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.inner.error(this.redactor.redactValue(error), ...this.clean(args));
  }
  append(value: string): void {
    this.inner.append(this.redactor.redact(value));
  }
  /** A language client line (`[Info  - 10:14 PM] …`) goes out at its level, so it carries one time, the channel's. */
  appendLine(value: string): void {
    const line = clientLogLine(value);
    if (line) this.inner[line.level](this.redactor.redact(line.message));
    else this.inner.appendLine(this.redactor.redact(value));
  }
  replace(value: string): void {
    this.inner.replace(this.redactor.redact(value));
  }
  clear(): void {
    this.inner.clear();
  }
  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.inner.show(columnOrPreserveFocus);
    else this.inner.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.inner.dispose();
  }

  private clean(args: unknown[]): string[] {
    return args.map((arg) => this.redactor.redactValue(arg));
  }
}

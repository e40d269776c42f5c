/**
 * The door of every custom message: its params are parsed with the contract's schema
 * (src/shared/protocolSchemas.ts) before anything runs, since the server is offered to editors we
 * have never seen. A request that does not parse is answered InvalidParams, naming each field and
 * what is wrong with it, and nothing is done; a notification (it has no answer) is logged the same
 * way and dropped. Messages name fields, never the values sent (a token may be among them).
 */
import { ErrorCodes, ResponseError, type Connection, type NotificationType, type RequestType } from 'vscode-languageserver';
import type { z } from 'zod';
import { describeIssues } from '../../shared/protocolSchemas';

/** Registers `handler` for the custom request `type`, run only with params that `schema` parses. */
export function onParsedRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R, void>,
  schema: z.ZodType<P>,
  handler: (params: P) => R | Promise<R>,
): void {
  connection.onRequest(type, parsedRequest(type.method, schema, handler));
}

/** Registers `handler` for the custom notification `type`, run only with params that `schema` parses. */
export function onParsedNotification<P>(
  connection: Connection,
  type: NotificationType<P>,
  schema: z.ZodType<P>,
  handler: (params: P) => void,
  log: (level: 'warn', message: string) => void,
): void {
  connection.onNotification(type, parsedNotification(type.method, schema, handler, log));
}

/** `handler`, run only with params that parse; others are answered InvalidParams. */
export function parsedRequest<P, R>(method: string, schema: z.ZodType<P>, handler: (params: P) => R): (raw: unknown) => R {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, refusal(method, parsed.error));
    return handler(parsed.data);
  };
}

/** `handler`, run only with params that parse; others are logged and dropped. */
export function parsedNotification<P>(
  method: string,
  schema: z.ZodType<P>,
  handler: (params: P) => void,
  log: (level: 'warn', message: string) => void,
): (raw: unknown) => void {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
    else log('warn', refusal(method, parsed.error));
  };
}

/** What was wrong with a message, and that nothing was done: `findingsLens/getFinding: invalid params, nothing was done (id: …)`. */
export function refusal(method: string, error: z.ZodError): string {
  return `${method}: invalid params, nothing was done (${describeIssues(error, 'params')})`;
}

/**
 * Faults a test can switch on (PUT /__admin/faults, or the CLI flags): slow answers, failures,
 * forced statuses, hung requests, broken bodies, redirects, foreign cursors and uploads stopped
 * halfway. They apply to /v1 only; each counted fault is used up one request at a time.
 */
import { z } from 'zod';

const Count = z.number().int().min(1).optional();

/** Body of `PUT /__admin/faults`. Every field is optional; the ones given replace the current ones. */
export const FaultsRequest = z.object({
  latencyMs: z.number().min(0).optional(),
  failureRate: z.number().min(0).max(1).optional(),
  forceStatus: z
    .object({
      status: z.number().int().min(200).max(599),
      count: Count,
      retryAfter: z.number().int().min(0).optional(),
      paths: z.enum(['findings', 'me', 'all']).default('all'),
    })
    .nullable()
    .optional(),
  hang: z.object({ count: Count }).nullable().optional(),
  body: z
    .object({ kind: z.enum(['not-json', 'truncated']), count: Count })
    .nullable()
    .optional(),
  redirectTo: z.string().url().nullable().optional(),
  nextCursorBase: z.string().url().nullable().optional(),
  /** An upload stops inside its transaction once that many findings are written: it fails (500), or hangs until the process dies. */
  stopUpload: z
    .object({ afterFindings: z.number().int().min(1), how: z.enum(['fail', 'hang']) })
    .nullable()
    .optional(),
});
export type FaultsRequest = z.input<typeof FaultsRequest>;

/** Which kind of /v1 request a fault may target. */
export type RequestKind = 'findings' | 'me' | 'other';

interface Counted<T> {
  value: T;
  /** Requests left; undefined means until cleared. */
  left: number | undefined;
}

/** A forced answer: status, and Retry-After seconds if any. */
export interface ForcedStatus {
  status: number;
  retryAfter?: number;
}

export class Faults {
  latencyMs = 0;
  failureRate = 0;
  redirectTo: string | undefined;
  nextCursorBase: string | undefined;
  stopUpload: { afterFindings: number; how: 'fail' | 'hang' } | undefined;
  private forced: Counted<{ status: number; retryAfter?: number; paths: 'findings' | 'me' | 'all' }> | undefined;
  private hang: Counted<true> | undefined;
  private brokenBody: Counted<'not-json' | 'truncated'> | undefined;

  /** Applies a checked PUT body: given fields replace, `null` clears, absent ones stay. */
  set(request: z.output<typeof FaultsRequest>): void {
    if (request.latencyMs !== undefined) this.latencyMs = request.latencyMs;
    if (request.failureRate !== undefined) this.failureRate = request.failureRate;
    if (request.forceStatus !== undefined) {
      this.forced = request.forceStatus ? { value: request.forceStatus, left: request.forceStatus.count } : undefined;
    }
    if (request.hang !== undefined) this.hang = request.hang ? { value: true, left: request.hang.count } : undefined;
    if (request.body !== undefined) this.brokenBody = request.body ? { value: request.body.kind, left: request.body.count } : undefined;
    if (request.redirectTo !== undefined) this.redirectTo = request.redirectTo ?? undefined;
    if (request.nextCursorBase !== undefined) this.nextCursorBase = request.nextCursorBase ?? undefined;
    if (request.stopUpload !== undefined) this.stopUpload = request.stopUpload ?? undefined;
  }

  clear(): void {
    this.latencyMs = 0;
    this.failureRate = 0;
    this.redirectTo = undefined;
    this.nextCursorBase = undefined;
    this.stopUpload = undefined;
    this.forced = undefined;
    this.hang = undefined;
    this.brokenBody = undefined;
  }

  /** True (and one hang used up) when this request should never be answered. */
  takeHang(): boolean {
    return take(this.hang, (left) => (this.hang = left)) !== undefined;
  }

  /** The status to force on this request, if any (and one use of it taken). */
  takeForcedStatus(kind: RequestKind): ForcedStatus | undefined {
    const forced = this.forced;
    if (!forced || (forced.value.paths !== 'all' && forced.value.paths !== kind)) return undefined;
    const value = take(forced, (left) => (this.forced = left));
    return value && { status: value.status, retryAfter: value.retryAfter };
  }

  /** True when this request draws a random 503. */
  drawFailure(random: () => number = Math.random): boolean {
    return this.failureRate > 0 && random() < this.failureRate;
  }

  /** The way to break this findings body, if any (and one use taken). */
  takeBrokenBody(): 'not-json' | 'truncated' | undefined {
    return take(this.brokenBody, (left) => (this.brokenBody = left));
  }
}

/** Takes one use of a counted fault; `update` receives what is left (undefined when used up). */
function take<T>(fault: Counted<T> | undefined, update: (left: Counted<T> | undefined) => void): T | undefined {
  if (!fault) return undefined;
  if (fault.left !== undefined) update(fault.left > 1 ? { value: fault.value, left: fault.left - 1 } : undefined);
  return fault.value;
}

/**
 * A rate limit per token: a token bucket of `burst` requests, refilled at `perSecond`. It is kept
 * in each process, so behind a balancer with N instances a token may make up to N times the rate
 * (docs/deploy.md says so). Buckets that are full again are forgotten, so memory follows the
 * tokens active in the last few seconds, not every token ever seen.
 */

export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const SWEEP_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one request from `key`'s bucket; the seconds to wait when it is empty. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond)) };
  }

  private refilled(key: string, nowMs: number): Bucket {
    const { perSecond, burst } = this.options;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_ABOVE) this.sweep(nowMs);
      bucket = { tokens: burst, at: nowMs };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    return bucket;
  }

  /** Forgets the buckets that have refilled: they would start full anyway. */
  private sweep(nowMs: number): void {
    const { perSecond, burst } = this.options;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * perSecond >= burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}

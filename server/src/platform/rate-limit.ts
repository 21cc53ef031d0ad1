import type { Redis } from "ioredis";

export const rateLimitKeys = {
  window: (prefix: string, bucket: string, subject: string, windowIndex: number) =>
    `${prefix}ratelimit:${bucket}:${subject}:${windowIndex}`,
};

export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter in Redis shared by every node, so a client cannot spread its requests
 * across nodes to get more than `limit` per window.
 */
export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly bucket: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async hit(subject: string, now = Date.now()): Promise<RateLimitVerdict> {
    const windowIndex = Math.floor(now / this.windowMs);
    const key = rateLimitKeys.window(this.prefix, this.bucket, subject, windowIndex);
    const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, this.windowMs).exec()) as [
      [Error | null, number],
    ];
    const retryAfterSeconds = Math.ceil(((windowIndex + 1) * this.windowMs - now) / 1000);
    return { allowed: count <= this.limit, retryAfterSeconds };
  }
}

/**
 * A token bucket for one connection: `ratePerSecond` sustained, `burst` at once. Local state is
 * right here because a socket lives on exactly one node.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(now = Date.now()): boolean {
    const elapsedSeconds = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

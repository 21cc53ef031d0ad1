import type { RedisClient } from "./redis";

export const rateLimitKeys = {
  window: (prefix: string, bucket: string, subject: string, windowIndex: number) =>
    `${prefix}ratelimit:${bucket}:${subject}:${windowIndex}`,
  /**
   * Hash: tokens left and when they were counted (ms of the Redis server's clock). One script takes
   * from a bucket's subjects together (all or none), so they share the hash tag `{bucket}`: one
   * Redis Cluster slot per bucket.
   */
  tokens: (prefix: string, bucket: string, subject: string) => `${prefix}ratelimit:{${bucket}}:${subject}:tokens`,
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
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Names the limit in keys and in the operator's metrics. */
    readonly bucket: string,
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

/** How fast one subject (an account, an address) may go: `perSecond` sustained, `burst` at once. */
export interface TokenRate {
  perSecond: number;
  burst: number;
}

/**
 * Takes one token from every bucket named in KEYS, or from none when any is empty. ARGV holds,
 * per key, its rate in tokens per ms and its burst. The Redis server's clock is every node's clock.
 * Returns 0 when taken, else the ms until the emptiest bucket has a token again.
 */
const TAKE_TOKENS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local levels = {}
local wait = 0
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then wait = math.max(wait, math.ceil((1 - tokens) / rate)) end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 'tokens', levels[i] - 1, 'at', now)
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate) + 1000)
end
return 0`;

/**
 * Token buckets in Redis that every node takes from, so a client cannot get more by spreading its
 * sockets over nodes. One call takes from several subjects' buckets at once (all or none).
 */
export class SharedTokenBuckets<Subject extends string> {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly bucket: string,
    private readonly rates: Record<Subject, TokenRate>,
  ) {}

  async take(subjects: Record<Subject, string>): Promise<RateLimitVerdict> {
    const names = Object.keys(this.rates) as Subject[];
    const keys = names.map((name) => rateLimitKeys.tokens(this.prefix, this.bucket, `${name}:${subjects[name]}`));
    const args = names.flatMap((name) => [this.rates[name].perSecond / 1000, this.rates[name].burst]);
    const waitMs = Number(await this.redis.eval(TAKE_TOKENS, keys.length, ...keys, ...args));
    return { allowed: waitMs === 0, retryAfterSeconds: Math.ceil(waitMs / 1000) };
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

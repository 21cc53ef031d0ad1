import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { RedisClient } from "./redis";

/** What a token looks like: 32 random bytes, base64url. Anything else is refused without a lookup. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Values that a random token redeems exactly once: stored in Redis under the token's hash (the token
 * itself is never stored), for `ttlMs`, and taken with GETDEL, so two redemptions at the same moment
 * on two nodes cannot both succeed. Used for sign-up links and collaboration tickets.
 */
export class OneTimeTokens<S extends z.ZodType> {
  constructor(
    private readonly redis: RedisClient,
    /** The Redis key of a token's hash, from the feature's key builders. */
    private readonly keyOf: (tokenHash: string) => string,
    private readonly schema: S,
    private readonly ttlMs: number,
  ) {}

  /** Stores `value` and answers the token that redeems it. */
  async issue(value: z.infer<S>): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.redis.set(this.keyOf(hashOf(token)), JSON.stringify(value), "PX", this.ttlMs);
    return token;
  }

  /** The value behind `token`, removed in the same step; null when unknown, used, expired or unreadable. */
  async take(token: string): Promise<z.infer<S> | null> {
    if (!TOKEN.test(token)) return null;
    const stored = await this.redis.getdel(this.keyOf(hashOf(token)));
    if (stored === null) return null;
    const parsed = this.schema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  }
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

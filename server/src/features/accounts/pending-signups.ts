import { randomBytes } from "node:crypto";
import { displayNameSchema, selfServiceRoleSchema } from "@chalkline/shared";
import type { Redis } from "ioredis";
import { z } from "zod";
import { accountsKeys } from "./accounts.keys";

const pendingSignupSchema = z.object({
  email: z.string(),
  passwordHash: z.string(),
  displayName: displayNameSchema,
  role: selfServiceRoleSchema,
});
export type PendingSignup = z.infer<typeof pendingSignupSchema>;

/**
 * Sign-ups waiting for their emailed link, in Redis under the hash of the link's token: no user
 * exists until the link is opened, the key's TTL is the link's expiry, and GETDEL makes the
 * link work once even when it is opened twice at the same moment.
 */
export class PendingSignups {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** Stores the sign-up and answers the token for its link. */
  async create(signup: PendingSignup): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.redis.set(accountsKeys.signup(this.prefix, token), JSON.stringify(signup), "PX", this.ttlMs);
    return token;
  }

  /** The sign-up behind a token, removed in the same step; null when unknown, used or expired. */
  async take(token: string): Promise<PendingSignup | null> {
    const raw = await this.redis.getdel(accountsKeys.signup(this.prefix, token));
    return raw === null ? null : pendingSignupSchema.parse(JSON.parse(raw));
  }
}

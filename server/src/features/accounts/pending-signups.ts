import { displayNameSchema, selfServiceRoleSchema } from "@chalkline/shared";
import { z } from "zod";
import { OneTimeTokens } from "../../platform/one-time-tokens";
import type { RedisClient } from "../../platform/redis";
import { accountsKeys } from "./accounts.keys";

const pendingSignupSchema = z.object({
  email: z.string(),
  passwordHash: z.string(),
  displayName: displayNameSchema,
  role: selfServiceRoleSchema,
});
export type PendingSignup = z.infer<typeof pendingSignupSchema>;

/**
 * Sign-ups waiting for their emailed link: no user exists until the link is opened, the token's
 * TTL is the link's expiry, and the link works once even when it is opened twice at the same moment.
 */
export function pendingSignups(
  redis: RedisClient,
  prefix: string,
  ttlMs: number,
): OneTimeTokens<typeof pendingSignupSchema> {
  return new OneTimeTokens(redis, (tokenHash) => accountsKeys.signup(prefix, tokenHash), pendingSignupSchema, ttlMs);
}

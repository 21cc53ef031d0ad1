import { objectIdSchema } from "@chalkline/shared";
import { z } from "zod";
import { OneTimeTokens } from "../../platform/one-time-tokens";
import type { RedisClient } from "../../platform/redis";
import { accountsKeys } from "./accounts.keys";

const pendingEmailChangeSchema = z.object({ userId: objectIdSchema, email: z.string() });

/**
 * Email changes waiting for the link mailed to the new address: the account keeps its old address
 * until the link is opened, the token's TTL is the link's expiry, and the link works once.
 */
export function pendingEmailChanges(
  redis: RedisClient,
  prefix: string,
  ttlMs: number,
): OneTimeTokens<typeof pendingEmailChangeSchema> {
  return new OneTimeTokens(
    redis,
    (tokenHash) => accountsKeys.emailChange(prefix, tokenHash),
    pendingEmailChangeSchema,
    ttlMs,
  );
}

import { objectIdSchema } from "@chalkline/shared";
import { z } from "zod";
import { AppError } from "../../platform/errors";
import { OneTimeTokens } from "../../platform/one-time-tokens";
import type { RedisClient } from "../../platform/redis";
import { collabKeys } from "./collab.keys";

/** What a ticket stands for: one session's access to one document, until the session's token expires. */
const grantSchema = z.object({
  userId: objectIdSchema,
  sessionId: z.string(),
  tokenVersion: z.number().int(),
  docId: objectIdSchema,
  /** When the access token the ticket was fetched with expires; the connection ends then too. */
  expiresAt: z.number(),
});
export type TicketGrant = z.infer<typeof grantSchema>;

/**
 * Tickets that open one collaboration WebSocket. A browser cannot put a bearer token in a
 * WebSocket handshake's headers, and a URL ends up in proxy logs; so the URL carries a ticket that
 * works once (on any node), for one document, for a few seconds, and is worth nothing after.
 */
export class CollabTickets {
  readonly #tokens: OneTimeTokens<typeof grantSchema>;

  constructor(redis: RedisClient, prefix: string, ttlMs: number) {
    this.#tokens = new OneTimeTokens(redis, (hash) => collabKeys.ticket(prefix, hash), grantSchema, ttlMs);
  }

  issue(grant: TicketGrant): Promise<string> {
    return this.#tokens.issue(grant);
  }

  /** Spends the ticket; `unauthorized` when it is unknown, used, expired, or for another document. */
  async redeem(ticket: string, docId: string): Promise<TicketGrant> {
    const grant = await this.#tokens.take(ticket);
    if (!grant || grant.docId !== docId) throw new AppError("unauthorized", "this ticket is unknown, used or expired");
    return grant;
  }
}

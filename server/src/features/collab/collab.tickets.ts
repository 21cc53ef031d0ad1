import { createHash, randomBytes } from "node:crypto";
import { objectIdSchema } from "@chalkline/shared";
import type { Redis } from "ioredis";
import { z } from "zod";
import { AppError } from "../../platform/errors";
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

const TICKET = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (ticket: string) => createHash("sha256").update(ticket).digest("base64url");

/**
 * Tickets that open one collaboration WebSocket. A browser cannot put a bearer token in a
 * WebSocket handshake's headers, and a URL ends up in proxy logs; so the URL carries a ticket that
 * works once (GETDEL, on any node), for one document, for a few seconds, and is worth nothing after.
 */
export class CollabTickets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async issue(grant: TicketGrant): Promise<string> {
    const ticket = randomBytes(32).toString("base64url");
    await this.redis.set(collabKeys.ticket(this.prefix, hashOf(ticket)), JSON.stringify(grant), "PX", this.ttlMs);
    return ticket;
  }

  /** Spends the ticket; `unauthorized` when it is unknown, used, expired, or for another document. */
  async redeem(ticket: string, docId: string): Promise<TicketGrant> {
    const refused = new AppError("unauthorized", "this ticket is unknown, used or expired");
    if (!TICKET.test(ticket)) throw refused;
    const stored = await this.redis.getdel(collabKeys.ticket(this.prefix, hashOf(ticket)));
    if (!stored) throw refused;
    const grant = grantSchema.safeParse(JSON.parse(stored));
    if (!grant.success || grant.data.docId !== docId) throw refused;
    return grant.data;
  }
}

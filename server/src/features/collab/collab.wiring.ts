import type { Config } from "../../platform/config";
import type { Logger } from "../../platform/logger";
import type { RedisClient } from "../../platform/redis";
import type { AccountsService } from "../accounts/accounts.service";
import { CollabHub } from "./collab.hub";
import { CollabService } from "./collab.service";
import { CollabStore } from "./collab.store";
import { CollabTickets } from "./collab.tickets";

/** Collaborative documents on one node: the WebSocket hub with its limits, and the ticket-issuing service. */
export function startCollab(
  config: Config,
  {
    redis,
    prefix,
    accounts,
    logger,
  }: { redis: RedisClient; prefix: string; accounts: AccountsService; logger: Logger },
): { hub: CollabHub; collab: CollabService } {
  const tickets = new CollabTickets(redis, prefix, config.COLLAB_TICKET_TTL_SECONDS * 1000);
  const hub = CollabHub.create({
    store: new CollabStore(redis, prefix, config.SERVER_ID),
    accounts,
    tickets,
    logger,
    nodeId: config.SERVER_ID,
    prefix,
    allowedOrigins: config.allowedOrigins,
    redis,
    compactEvery: config.COLLAB_COMPACT_EVERY,
    rate: { perSecond: config.COLLAB_MESSAGES_PER_SECOND, burst: config.COLLAB_MESSAGE_BURST },
    maxFrameBytes: config.COLLAB_MAX_FRAME_BYTES,
    maxDocBytes: config.COLLAB_MAX_DOC_BYTES,
    seats: { perAccount: config.COLLAB_CONNECTIONS_PER_ACCOUNT, ttlMs: config.COLLAB_CONNECTION_TTL_SECONDS * 1000 },
  });
  return { hub, collab: new CollabService(hub, tickets) };
}

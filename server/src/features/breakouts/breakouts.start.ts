import type { MediaClient } from "@chalkline/media";
import type { Logger } from "../../platform/logger";
import type { AppServer } from "../../platform/realtime";
import type { RedisClient } from "../../platform/redis";
import { CollabStore } from "../collab/collab.store";
import type { HandsService } from "../hands/hands.service";
import type { ActiveSpeakers } from "../live/live.media";
import type { PresenceService } from "../presence/presence.service";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import type { UploadsService } from "../uploads/uploads.service";
import { BreakoutEnder } from "./breakouts.ending";
import { BreakoutLibrary } from "./breakouts.library";
import type { Breakouts } from "./breakouts.routes";
import { BreakoutsService } from "./breakouts.service";
import { breakoutPush } from "./breakouts.socket";
import { BreakoutSweeper } from "./breakouts.sweeper";

export interface BreakoutDeps {
  io: AppServer;
  redis: RedisClient;
  prefix: string;
  nodeId: string;
  media: MediaClient;
  speakers: ActiveSpeakers;
  presence: PresenceService;
  evictions: RoomEvictions;
  hands: HandsService;
  uploads: UploadsService;
  logger: Logger;
}

/** Builds the breakouts of a node and starts its sweeper; `close` stops the sweeper. */
export function startBreakouts(d: BreakoutDeps): { breakouts: Breakouts; close: () => Promise<void> } {
  // Read-only here: documents are read from the store, never held in this node's memory.
  const store = new CollabStore(d.redis, d.prefix, d.nodeId);
  const push = breakoutPush(d.io, { presence: d.presence, evictions: d.evictions, media: d.media });
  const sources = {
    store,
    speaker: (roomId: string) => d.speakers.get(roomId) ?? null,
    online: (roomId: string) => d.presence.onlineUserIds(roomId),
    hands: (roomId: string) => d.hands.queue(roomId),
  };
  const ender = new BreakoutEnder(store, push);
  const sweeper = BreakoutSweeper.start({
    ender,
    sources,
    push,
    redis: d.redis,
    prefix: d.prefix,
    nodeId: d.nodeId,
    onError: (error) => d.logger.warn({ err: error }, "breakout sweep failed; retrying"),
  });
  const breakouts = {
    service: new BreakoutsService(store, push, d.uploads),
    ender,
    library: new BreakoutLibrary(),
    sources,
    push,
  };
  return { breakouts, close: () => sweeper.close() };
}

import { z } from "zod";
import { objectIdSchema } from "./accounts";
import type { UserRef } from "./rooms";

/** A node that stops refreshing its sockets' presence drops out of every list within this time. */
export const PRESENCE_TTL_MS = 30_000;
export const PRESENCE_HEARTBEAT_MS = 10_000;

export interface PresenceEvent {
  roomId: string;
  user: UserRef;
}

export interface RaisedHand {
  user: UserRef;
  raisedAt: string;
}

export interface HandQueue {
  roomId: string;
  hands: RaisedHand[];
}

export const handTargetSchema = z.strictObject({ roomId: objectIdSchema, userId: objectIdSchema });

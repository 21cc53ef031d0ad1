import { z } from "zod";
import { objectIdSchema } from "./accounts";
import type { Command } from "./realtime";
import { roomRefSchema } from "./rooms";

/**
 * The waiting room of a class room's live classes. `open`: every member enrolled joins; `ask`: a
 * learner joining waits until the instructor admits or refuses them (a refusal holds for the rest
 * of that class); `locked`: no learner who was not in the class already may join. Instructors
 * always join. Joining answers `admission_pending`, `admission_refused` or `class_locked` when
 * the learner may not enter.
 */

export const WAITING_ROOM_MODES = ["open", "ask", "locked"] as const;
export type WaitingRoomMode = (typeof WAITING_ROOM_MODES)[number];

export const waitingRoomModeSchema = z.strictObject({ roomId: objectIdSchema, mode: z.enum(WAITING_ROOM_MODES) });
export const waitingRoomDecideSchema = z.strictObject({
  roomId: objectIdSchema,
  userId: objectIdSchema,
  admit: z.boolean(),
});

export const waitingRoomViewSchema = z.object({
  roomId: z.string(),
  mode: z.enum(WAITING_ROOM_MODES),
  /** The live class the admissions are for (null: none is live, so nobody waits). */
  liveClassId: z.string().nullable(),
  /** Learners waiting to be let in, first come first. */
  waiting: z.array(z.object({ user: z.object({ id: z.string(), displayName: z.string() }), since: z.string() })),
});
export type WaitingRoomView = z.infer<typeof waitingRoomViewSchema>;

/** To a waiting learner: the instructor let them in (join again) or refused them. */
export const waitingRoomDecidedSchema = z.object({ roomId: z.string(), admitted: z.boolean() });
export type WaitingRoomDecided = z.infer<typeof waitingRoomDecidedSchema>;

export interface WaitingRoomCommands {
  /** Instructor: the room's mode and who waits now. */
  "waiting-room:state": Command<typeof roomRefSchema, WaitingRoomView>;
  /** Instructor: set the room's mode; it holds for every class of the room until changed. */
  "waiting-room:mode": Command<typeof waitingRoomModeSchema, WaitingRoomView>;
  /** Instructor: admit or refuse one waiting learner. */
  "waiting-room:decide": Command<typeof waitingRoomDecideSchema, WaitingRoomView>;
  /** Instructor: admit everyone waiting. */
  "waiting-room:admit-all": Command<typeof roomRefSchema, WaitingRoomView>;
}

export interface WaitingRoomEvents {
  /** To the room's instructors: the mode or the waiting list changed. */
  "waiting-room:updated": (view: WaitingRoomView) => void;
  /** To one learner: the instructor's decision about them. */
  "waiting-room:decided": (event: WaitingRoomDecided) => void;
}

/** The waiting room's part of the real-time catalogue (realtime-catalogue.ts). */
export const waitingRoomCatalogue = {
  commands: {
    "waiting-room:state": { payload: roomRefSchema, ack: waitingRoomViewSchema },
    "waiting-room:mode": { payload: waitingRoomModeSchema, ack: waitingRoomViewSchema },
    "waiting-room:decide": { payload: waitingRoomDecideSchema, ack: waitingRoomViewSchema },
    "waiting-room:admit-all": { payload: roomRefSchema, ack: waitingRoomViewSchema },
  },
  events: { "waiting-room:updated": waitingRoomViewSchema, "waiting-room:decided": waitingRoomDecidedSchema },
} as const;

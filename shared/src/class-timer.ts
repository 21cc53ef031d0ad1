import { z } from "zod";
import { objectIdSchema } from "./accounts";
import type { Command } from "./realtime";
import { roomRefSchema } from "./rooms";

/**
 * The class timer: a countdown the instructor runs for an exercise. Its deadline is on the server's
 * clock and every view carries the server's `now`, so every participant counts down to the same
 * moment whatever their own clock says.
 */

export const CLASS_TIMER_MIN_SECONDS = 5;
export const CLASS_TIMER_MAX_SECONDS = 4 * 3600;
export const CLASS_TIMER_LABEL_MAX_CHARS = 80;

export const classTimerStartSchema = z.strictObject({
  roomId: objectIdSchema,
  seconds: z.number().int().min(CLASS_TIMER_MIN_SECONDS).max(CLASS_TIMER_MAX_SECONDS),
  label: z.string().trim().max(CLASS_TIMER_LABEL_MAX_CHARS).default(""),
});

export const classTimerViewSchema = z.object({
  roomId: z.string(),
  label: z.string(),
  /** `done`: it ran to zero and stays there until the instructor ends it or starts another. */
  status: z.enum(["running", "paused", "done"]),
  durationMs: z.number().int(),
  /** When it reaches zero, server epoch ms; null unless running. */
  endsAt: z.number().int().nullable(),
  remainingMs: z.number().int(),
  serverNow: z.number().int(),
});
export type ClassTimerView = z.infer<typeof classTimerViewSchema>;

/** To the room: the timer changed; null once the instructor ended it. */
export const classTimerEventSchema = z.object({ roomId: z.string(), timer: classTimerViewSchema.nullable() });
export type ClassTimerEvent = z.infer<typeof classTimerEventSchema>;

export interface ClassTimerCommands {
  /** The room's timer now (null: none). */
  "class-timer:state": Command<typeof roomRefSchema, ClassTimerView | null>;
  /** Instructor: start a countdown, replacing any other. */
  "class-timer:start": Command<typeof classTimerStartSchema, ClassTimerView>;
  "class-timer:pause": Command<typeof roomRefSchema, ClassTimerView>;
  "class-timer:resume": Command<typeof roomRefSchema, ClassTimerView>;
  /** Instructor: take the timer away. */
  "class-timer:end": Command<typeof roomRefSchema, null>;
}

export interface ClassTimerEvents {
  "class-timer:updated": (event: ClassTimerEvent) => void;
}

/** The class timer's part of the real-time catalogue (realtime-catalogue.ts). */
export const classTimerCatalogue = {
  commands: {
    "class-timer:state": { payload: roomRefSchema, ack: classTimerViewSchema.nullable() },
    "class-timer:start": { payload: classTimerStartSchema, ack: classTimerViewSchema },
    "class-timer:pause": { payload: roomRefSchema, ack: classTimerViewSchema },
    "class-timer:resume": { payload: roomRefSchema, ack: classTimerViewSchema },
    "class-timer:end": { payload: roomRefSchema, ack: z.null() },
  },
  events: { "class-timer:updated": classTimerEventSchema },
} as const;

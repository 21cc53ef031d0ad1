import { z } from "zod";
import { objectIdSchema, roleSchema } from "./accounts";

/** A `breakout` is a small room of a live class while its breakouts run (see breakouts.ts). */
export const ROOM_KINDS = ["lobby", "class", "study", "dm", "breakout"] as const;
export const roomKindSchema = z.enum(ROOM_KINDS);
export type RoomKind = z.infer<typeof roomKindSchema>;

export const MAX_STUDY_ROOM_MEMBERS = 50;
export const MAX_SLOW_MODE_SECONDS = 300;

export const userRefSchema = z.object({ id: z.string(), displayName: z.string(), role: roleSchema });
export type UserRef = z.infer<typeof userRefSchema>;

export const roomViewSchema = z.object({
  id: z.string(),
  kind: roomKindSchema,
  name: z.string(),
  courseId: z.string().nullable(),
  ownerId: z.string().nullable(),
  memberLimit: z.number().nullable(),
  /** Only shown to those who may invite: members of a study room. */
  inviteCode: z.string().nullable(),
  locked: z.boolean(),
  slowModeSeconds: z.number(),
  lastSeq: z.number(),
  /** Messages after the caller's read marker. */
  unread: z.number(),
  /** The caller may moderate this room. */
  canModerate: z.boolean(),
  /** Other party of a direct-message room. */
  peer: userRefSchema.nullable(),
});
export type RoomView = z.infer<typeof roomViewSchema>;

export const roomMemberSchema = z.object({
  user: userRefSchema,
  mutedUntil: z.string().nullable(),
  moderator: z.boolean(),
});
export type RoomMember = z.infer<typeof roomMemberSchema>;

export const roomDetailsSchema = z.object({ room: roomViewSchema, members: z.array(roomMemberSchema) });
export type RoomDetails = z.infer<typeof roomDetailsSchema>;

export const createStudyRoomBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  memberLimit: z.number().int().min(2).max(MAX_STUDY_ROOM_MEMBERS).default(12),
  /** A study room for a course the creator belongs to; "call the instructor" reaches its instructor. */
  courseId: objectIdSchema.optional(),
});
export const joinByCodeBodySchema = z.strictObject({ code: z.string().trim().min(6).max(32) });
export const openDmBodySchema = z.strictObject({ userId: objectIdSchema });

/** Every socket command about a room names it. */
export const roomRefSchema = z.strictObject({ roomId: objectIdSchema });
export type RoomRef = z.infer<typeof roomRefSchema>;

/** A member leaving a room for good, removed by a moderator or quitting: what every node tears down. */
export const roomExitSchema = z.object({
  roomId: objectIdSchema,
  userId: objectIdSchema,
  reason: z.enum(["removed", "quit"]),
});
export type RoomExit = z.infer<typeof roomExitSchema>;

export const moderateMuteSchema = z.strictObject({
  roomId: objectIdSchema,
  userId: objectIdSchema,
  /** 0 lifts the mute. */
  minutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export const moderateUserSchema = z.strictObject({ roomId: objectIdSchema, userId: objectIdSchema });
export const moderateLockSchema = z.strictObject({ roomId: objectIdSchema, locked: z.boolean() });
export const moderateSlowModeSchema = z.strictObject({
  roomId: objectIdSchema,
  seconds: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS),
});

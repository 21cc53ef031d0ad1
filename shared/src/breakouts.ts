import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { codeLanguageSchema, shapeSchema } from "./collab";
import { userRefSchema } from "./rooms";

export const MAX_BREAKOUT_ROOMS = 20;
export const MAX_BREAKOUT_SECONDS = 4 * 3600;
/** Lines of a room's code file shown on the instructor's grid. */
export const BREAKOUT_CODE_HEAD_LINES = 12;
/** Shapes of a room's board carried in a grid thumbnail at most (the newest ones). */
export const BREAKOUT_THUMB_SHAPES = 200;

const roomNameSchema = z.string().trim().min(1).max(60);

/** One planned group: a name and the learners in it. */
export const breakoutGroupSchema = z.strictObject({
  name: roomNameSchema,
  memberIds: z.array(objectIdSchema).max(200),
});
export type BreakoutGroup = z.infer<typeof breakoutGroupSchema>;

/**
 * How the groups are formed: named by hand, drawn at random in groups of `size` from the class's
 * learners, copied from a saved group set of the course, or `choice` (empty rooms learners pick).
 */
export const breakoutGroupingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("manual"), groups: z.array(breakoutGroupSchema).min(1).max(MAX_BREAKOUT_ROOMS) }),
  z.strictObject({ kind: z.literal("random"), size: z.number().int().min(1).max(50) }),
  z.strictObject({ kind: z.literal("groupSet"), groupSetId: objectIdSchema }),
  z.strictObject({ kind: z.literal("choice"), roomCount: z.number().int().min(1).max(MAX_BREAKOUT_ROOMS) }),
]);
export type BreakoutGrouping = z.infer<typeof breakoutGroupingSchema>;

/** What each room's code file and whiteboard start with. */
export const breakoutTemplateSchema = z.strictObject({
  code: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[\w .()-]+$/)
      .default("main.py"),
    language: codeLanguageSchema.default("python"),
    text: z.string().max(100_000).default(""),
  }),
  /** An empty board, or a copy of the main room's board as it is when the rooms open. */
  board: z.enum(["empty", "main"]).default("empty"),
});
export type BreakoutTemplate = z.infer<typeof breakoutTemplateSchema>;

export const planBreakoutsBodySchema = z.strictObject({
  grouping: breakoutGroupingSchema,
  template: breakoutTemplateSchema,
});
export type PlanBreakoutsBody = z.infer<typeof planBreakoutsBodySchema>;

export const startBreakoutsBodySchema = z.strictObject({
  durationSeconds: z.number().int().min(10).max(MAX_BREAKOUT_SECONDS),
});
export const extendBreakoutsBodySchema = z.strictObject({
  seconds: z.number().int().min(1).max(MAX_BREAKOUT_SECONDS),
});
/** Instructor: put a learner in another room (`roomKey` of the target). Learner: pick one, where allowed. */
export const moveLearnerBodySchema = z.strictObject({ userId: objectIdSchema, roomKey: z.string().max(40) });
export const chooseBreakoutBodySchema = z.strictObject({ roomKey: z.string().max(40) });
/** A broadcast says something, in text, in a recorded clip (a confirmed `broadcast_audio` upload), or both. */
export const broadcastBodySchema = z
  .strictObject({
    text: z.string().trim().max(2000).default(""),
    audioUploadId: objectIdSchema.optional(),
  })
  .refine((b) => b.text.length > 0 || b.audioUploadId !== undefined, { message: "a text or a recorded clip" });
export type BroadcastBody = z.infer<typeof broadcastBodySchema>;

export const BREAKOUT_STATUSES = ["planned", "running", "ending", "ended"] as const;
export type BreakoutStatus = (typeof BREAKOUT_STATUSES)[number];

export const breakoutRoomViewSchema = z.object({
  /** Stable within the session from planning on (`r1`, `r2`…); the room itself exists once started. */
  key: z.string(),
  name: z.string(),
  /** The breakout's own room (chat, media, documents): null until the rooms open. */
  roomId: z.string().nullable(),
  codeDocId: z.string().nullable(),
  boardDocId: z.string().nullable(),
  memberIds: z.array(z.string()),
});
export type BreakoutRoomView = z.infer<typeof breakoutRoomViewSchema>;

export const breakoutSessionViewSchema = z.object({
  id: z.string(),
  liveClassId: z.string(),
  /** The main class room everyone returns to. */
  roomId: z.string(),
  status: z.enum(BREAKOUT_STATUSES),
  learnersChoose: z.boolean(),
  template: breakoutTemplateSchema,
  rooms: z.array(breakoutRoomViewSchema),
  startedAt: z.string().nullable(),
  /** The server's deadline; clients count down against `serverNow`. */
  endsAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  serverNow: z.string(),
});
export type BreakoutSessionView = z.infer<typeof breakoutSessionViewSchema>;

/** A board reduced for a thumbnail: its newest shapes, without authors. */
export const boardThumbSchema = z.object({
  shapes: z.array(shapeSchema.omit({ authorId: true, uploadId: true })),
});
export type BoardThumb = z.infer<typeof boardThumbSchema>;

export const breakoutGridRoomSchema = z.object({
  key: z.string(),
  name: z.string(),
  roomId: z.string(),
  members: z.array(userRefSchema.extend({ online: z.boolean() })),
  /** Whom the media last named as the active speaker in the room. */
  speakingUserId: z.string().nullable(),
  codeHead: z.string(),
  board: boardThumbSchema,
  /** The room asked for help: its raised hands, oldest first. */
  help: z.array(z.object({ user: userRefSchema, raisedAt: z.string() })),
});
export type BreakoutGridRoom = z.infer<typeof breakoutGridRoomSchema>;

export const breakoutGridSchema = z.object({
  sessionId: z.string(),
  rooms: z.array(breakoutGridRoomSchema),
  at: z.string(),
});
export type BreakoutGrid = z.infer<typeof breakoutGridSchema>;

export const breakoutBroadcastSchema = z.object({
  sessionId: z.string(),
  text: z.string(),
  /** The clip's upload; each listener asks for its own short-lived URL. */
  audioUploadId: z.string().nullable(),
  from: userRefSchema,
  at: z.string(),
});
export type BreakoutBroadcast = z.infer<typeof breakoutBroadcastSchema>;

export const snapshotChatLineSchema = z.object({
  seq: z.number(),
  author: z.object({ id: z.string(), displayName: z.string() }),
  text: z.string(),
  at: z.string(),
});

/** What a breakout left behind, kept read-only with the class. */
export const breakoutSnapshotSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  liveClassId: z.string(),
  roomId: z.string(),
  name: z.string(),
  memberIds: z.array(z.string()),
  code: z.object({ name: z.string(), language: codeLanguageSchema, text: z.string() }),
  board: z.object({ shapes: z.array(shapeSchema) }),
  chat: z.array(snapshotChatLineSchema),
  harvestedAt: z.string(),
});
export type BreakoutSnapshot = z.infer<typeof breakoutSnapshotSchema>;

export const breakoutSnapshotSummarySchema = breakoutSnapshotSchema.pick({
  id: true,
  sessionId: true,
  name: true,
  memberIds: true,
  harvestedAt: true,
});
export type BreakoutSnapshotSummary = z.infer<typeof breakoutSnapshotSummarySchema>;

export const saveGroupSetBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  groups: z.array(breakoutGroupSchema).min(1).max(MAX_BREAKOUT_ROOMS),
});
export const groupSetViewSchema = z.object({
  id: z.string(),
  courseId: z.string().nullable(),
  roomId: z.string(),
  name: z.string(),
  groups: z.array(z.object({ name: z.string(), memberIds: z.array(z.string()) })),
  createdAt: z.string(),
});
export type GroupSetView = z.infer<typeof groupSetViewSchema>;

import { z } from "zod";
import { objectIdSchema } from "../accounts";

export const BOARD_SCOPES = ["global", "course", "class"] as const;
export const boardScopeSchema = z.enum(BOARD_SCOPES);
export type BoardScope = z.infer<typeof boardScopeSchema>;

export const BOARD_PERIODS = ["week", "month", "all"] as const;
export const boardPeriodSchema = z.enum(BOARD_PERIODS);
export type BoardPeriod = z.infer<typeof boardPeriodSchema>;

/** How many leaders a board view lists; the viewer's own row comes on top of them. */
export const BOARD_TOP_N = 10;
/** Live board pushes per board and node are coalesced to at most this many a second. */
export const BOARD_PUSHES_PER_SECOND = 4;

const scoped = <T extends { scope: BoardScope; scopeId?: string | undefined }>(ref: T) =>
  ref.scope === "global" || ref.scopeId !== undefined;
const SCOPE_ID_MESSAGE = { message: "scopeId: a course or room id for course and class boards", path: ["scopeId"] };

/** Which board: a scope (its course or class room id) and a period, read on the viewer's calendar. */
export const boardRefSchema = z
  .strictObject({ scope: boardScopeSchema, scopeId: objectIdSchema.optional(), period: boardPeriodSchema })
  .refine(scoped, SCOPE_ID_MESSAGE);
export type BoardRef = z.infer<typeof boardRefSchema>;

export const improvedQuerySchema = z
  .strictObject({ scope: boardScopeSchema, scopeId: objectIdSchema.optional() })
  .refine(scoped, SCOPE_ID_MESSAGE);

const standingSchema = z.object({
  rank: z.number(),
  user: z.object({ id: z.string(), displayName: z.string() }),
  score: z.number(),
});
export type Standing = z.infer<typeof standingSchema>;

/** A board as one viewer sees it: the leaders, and where the viewer stands even outside them. */
export const leaderboardViewSchema = z.object({
  board: z.object({
    scope: boardScopeSchema,
    scopeId: z.string().nullable(),
    period: boardPeriodSchema,
    /** "2026-W49", "2026-12" or "all". */
    periodKey: z.string(),
  }),
  top: z.array(standingSchema),
  /** The viewer's rank (null when not on the board) and score. */
  me: z.object({ rank: z.number().nullable(), score: z.number() }),
  players: z.number(),
});
export type LeaderboardView = z.infer<typeof leaderboardViewSchema>;

/** GET /api/leaderboards/improved: this week's XP minus last week's, only those who improved. */
export const improvedViewSchema = leaderboardViewSchema.extend({ previousWeek: z.string() });
export type ImprovedView = z.infer<typeof improvedViewSchema>;

/** GET /api/me/bests: personal records, so a learner far from the top still has a race to run. */
export const bestsViewSchema = z.object({
  bestWeek: z.object({ week: z.string(), xp: z.number() }).nullable(),
  bestMonth: z.object({ month: z.string(), xp: z.number() }).nullable(),
  thisWeek: z.object({ week: z.string(), xp: z.number() }),
  thisMonth: z.object({ month: z.string(), xp: z.number() }),
  /** Best rank on the global weekly boards still kept (the last 12 weeks). */
  bestWeeklyRank: z.object({ week: z.string(), rank: z.number() }).nullable(),
  allTimeRank: z.number().nullable(),
});
export type BestsView = z.infer<typeof bestsViewSchema>;

/** POST /api/admin/leaderboards/rebuild: what rebuilding every board from the XP ledger did. */
export const rebuildReportSchema = z.object({
  deletedKeys: z.number(),
  entries: z.number(),
  learners: z.number(),
  ms: z.number(),
});
export type RebuildReport = z.infer<typeof rebuildReportSchema>;

import { z } from "zod";
import { objectIdSchema } from "../accounts";
import { achievementIdSchema, raritySchema } from "./achievements";
import { awardDetailSchema, awardReasonSchema } from "./awards";

export const CURRENCIES = ["xp", "points"] as const;
export const currencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof currencySchema>;

/** A learner's balances: XP only grows; points are spent in the store. */
export const walletSchema = z.object({ xp: z.number(), level: z.number(), points: z.number() });
export type Wallet = z.infer<typeof walletSchema>;

export const achievementViewSchema = z.object({
  id: achievementIdSchema,
  name: z.string(),
  description: z.string(),
  icon: z.string(),
  rarity: raritySchema,
  earnedAt: z.string().nullable(),
  progress: z.object({ current: z.number(), target: z.number() }),
});
export type AchievementView = z.infer<typeof achievementViewSchema>;

/** GET /api/me/progress */
export const progressViewSchema = walletSchema.extend({
  levelStartXp: z.number(),
  nextLevelXp: z.number(),
  /** How far through the current level, 0 to 1. */
  levelFraction: z.number(),
  streak: z.object({
    /** Days in a row as of today: 0 once a day was missed. */
    current: z.number(),
    best: z.number(),
    lastDay: z.string().nullable(),
    activeToday: z.boolean(),
    timeZone: z.string(),
  }),
  /** Earned first (newest first), then locked ones by rarity. */
  achievements: z.array(achievementViewSchema),
  /** XP per ISO week on the learner's calendar, the last 8 weeks, oldest first. */
  weeklyXp: z.array(z.object({ week: z.string(), xp: z.number() })),
});
export type ProgressView = z.infer<typeof progressViewSchema>;

export const ledgerEntryViewSchema = z.object({
  seq: z.number(),
  currency: currencySchema,
  /** Negative for spends. */
  amount: z.number(),
  balanceAfter: z.number(),
  reason: z.string(),
  key: z.string(),
  courseId: z.string().nullable(),
  roomId: z.string().nullable(),
  at: z.string(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

/** GET /api/me/ledger: newest first; pass `nextCursor` back as `cursor` for older entries. */
export const ledgerPageSchema = z.object({
  entries: z.array(ledgerEntryViewSchema),
  nextCursor: z.number().nullable(),
});
export type LedgerPage = z.infer<typeof ledgerPageSchema>;

export const ledgerQuerySchema = z.strictObject({
  currency: currencySchema.default("xp"),
  cursor: z.coerce.number().int().min(2).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** POST /api/admin/awards: an operator's manual grant, applied once per (userId, key). */
export const adminAwardBodySchema = z.strictObject({
  userId: objectIdSchema,
  reason: awardReasonSchema,
  key: z.string().trim().min(1).max(200),
  courseId: objectIdSchema.nullish(),
  roomId: objectIdSchema.nullish(),
  at: z.iso.datetime({ offset: true }).optional(),
  detail: awardDetailSchema.optional(),
});
export type AdminAwardBody = z.infer<typeof adminAwardBodySchema>;

export const awardResultSchema = walletSchema.omit({ level: true }).extend({
  applied: z.boolean(),
  level: z.number(),
  newAchievements: z.array(z.string()),
});
export type AwardResultView = z.infer<typeof awardResultSchema>;

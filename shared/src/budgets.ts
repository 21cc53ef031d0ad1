import { z } from "zod";
import { requestIdSchema } from "./accounts";

/**
 * What a guardian may hand out in points, since guardians are self-service and their points would
 * otherwise be free to mint:
 * - a gift budget that only an admin grants: it pays for store-product gifts the guardian chooses
 *   to fund, at the product's points price;
 * - task points per week (UTC, ISO weeks): a task's reward is reserved from it when the task is
 *   set, and what the learner does not earn goes back;
 * - a daily cap on what one learner earns from one guardian's tasks (UTC days).
 */
export const guardianBudgetViewSchema = z.object({
  guardianId: z.string(),
  /** Points left to fund gifts with. */
  giftPoints: z.number(),
  tasks: z.object({
    /** The ISO week the figures are for, e.g. "2026-W07". */
    week: z.string(),
    pointsPerWeek: z.number(),
    /** Whether `pointsPerWeek` is the server's default rather than an admin's setting for this guardian. */
    isDefault: z.boolean(),
    /** Reserved by this week's tasks and not given back. */
    used: z.number(),
    left: z.number(),
  }),
  /** The most one learner earns from this guardian's tasks in a day; also the most a task is worth. */
  dailyPointsPerLearner: z.number(),
});
export type GuardianBudgetView = z.infer<typeof guardianBudgetViewSchema>;

export const MAX_GIFT_BUDGET_CHANGE = 1_000_000;
export const MAX_TASK_POINTS_PER_WEEK = 100_000;

/** POST /api/admin/guardians/:id/budget/gifts: adds to (or, negative, takes from) the gift budget. */
export const adjustGiftBudgetBodySchema = z.strictObject({
  points: z
    .number()
    .int()
    .min(-MAX_GIFT_BUDGET_CHANGE)
    .max(MAX_GIFT_BUDGET_CHANGE)
    .refine((points) => points !== 0, { message: "a change other than 0" }),
  /** Sending the same change again with its requestId applies it once. */
  requestId: requestIdSchema,
});
export type AdjustGiftBudgetBody = z.infer<typeof adjustGiftBudgetBodySchema>;

/** PUT /api/admin/guardians/:id/budget/tasks: this guardian's weekly task points; null for the default. */
export const setTaskAllowanceBodySchema = z.strictObject({
  pointsPerWeek: z.number().int().min(0).max(MAX_TASK_POINTS_PER_WEEK).nullable(),
});
export type SetTaskAllowanceBody = z.infer<typeof setTaskAllowanceBodySchema>;

import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { currencySchema } from "./gamification/views";
import { myCourseProgressSchema } from "./learning";

/**
 * Guardians (parents) and the learners they follow: a learner hands out a one-time code, a
 * guardian confirms it, and the link lets the guardian read the learner's progress and set them
 * tasks and gifts (gifts.ts).
 */

/** No 0/O or 1/I: a code is read out loud and typed on a phone. */
export const LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const LINK_CODE_LENGTH = 8;
export const LINK_CODE_TTL_MS = 15 * 60_000;

/** Accepts "abcd-efgh", "ABCD EFGH" or "ABCDEFGH"; yields the bare upper-case code. */
export const linkCodeSchema = z
  .string()
  .max(32)
  .transform((raw) => raw.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(
    z.string().regex(new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`), { message: "an 8-letter code" }),
  );

/** "ABCDEFGH" → "ABCD-EFGH", the way a code is shown. */
export function formatLinkCode(code: string): string {
  return `${code.slice(0, LINK_CODE_LENGTH / 2)}-${code.slice(LINK_CODE_LENGTH / 2)}`;
}

/** POST /api/guardian-links/code: the learner's new code. */
export const linkCodeViewSchema = z.object({ code: z.string(), expiresAt: z.string() });
export type LinkCodeView = z.infer<typeof linkCodeViewSchema>;

/** POST /api/guardian-links: a guardian confirms a learner's code. */
export const confirmLinkBodySchema = z.strictObject({ code: linkCodeSchema });

export const personSchema = z.object({ id: z.string(), displayName: z.string() });
export type Person = z.infer<typeof personSchema>;

/** One guardian–learner link, as either side sees it. */
export const guardianLinkViewSchema = z.object({
  guardian: personSchema,
  learner: personSchema,
  linkedAt: z.string(),
});
export type GuardianLinkView = z.infer<typeof guardianLinkViewSchema>;

export const guardianLinkListSchema = z.object({ links: z.array(guardianLinkViewSchema) });
export type GuardianLinkList = z.infer<typeof guardianLinkListSchema>;

/** A ledger entry as a guardian reads it: what was earned or spent, and why. */
export const activitySchema = z.object({
  currency: currencySchema,
  amount: z.number(),
  reason: z.string(),
  at: z.string(),
});
export type Activity = z.infer<typeof activitySchema>;

/** GET /api/learners/:learnerId/overview: what a linked guardian sees of a learner. */
export const learnerOverviewSchema = z.object({
  learner: personSchema,
  xp: z.number(),
  level: z.number(),
  /** How far through the current level, 0 to 1. */
  levelFraction: z.number(),
  points: z.number(),
  streak: z.object({ current: z.number(), best: z.number(), activeToday: z.boolean() }),
  attendance: z.object({ minutes: z.number(), classes: z.number() }),
  courses: myCourseProgressSchema.shape.courses,
  /** Newest first. */
  recent: z.array(activitySchema),
});
export type LearnerOverview = z.infer<typeof learnerOverviewSchema>;

// Guardian tasks: a multiple-choice question with a point reward. The reward is reserved from the
// guardian's task points for the week when the task is set, and credited within the learner's daily
// cap for that guardian (budgets.ts): a task worth more than either is refused with `budget_exceeded`.

export const GUARDIAN_TASK_MAX_POINTS = 500;
export const GUARDIAN_TASK_MAX_CHOICES = 6;

export const createGuardianTaskBodySchema = z
  .strictObject({
    question: z.string().trim().min(1).max(500),
    choices: z.array(z.string().trim().min(1).max(200)).min(2).max(GUARDIAN_TASK_MAX_CHOICES),
    /** Index into `choices`. */
    correctChoice: z
      .number()
      .int()
      .min(0)
      .max(GUARDIAN_TASK_MAX_CHOICES - 1),
    points: z.number().int().min(1).max(GUARDIAN_TASK_MAX_POINTS),
  })
  .refine((task) => task.correctChoice < task.choices.length, {
    message: "one of the choices",
    path: ["correctChoice"],
  })
  .refine((task) => new Set(task.choices.map((c) => c.toLowerCase())).size === task.choices.length, {
    message: "each choice once",
    path: ["choices"],
  });
export type CreateGuardianTaskBody = z.infer<typeof createGuardianTaskBodySchema>;

export const answerTaskBodySchema = z.strictObject({
  choice: z
    .number()
    .int()
    .min(0)
    .max(GUARDIAN_TASK_MAX_CHOICES - 1),
});

export const taskAttemptSchema = z.object({
  choice: z.number(),
  correct: z.boolean(),
  at: z.string(),
  /** Since the learner first opened the task. */
  secondsTaken: z.number(),
});
export type TaskAttempt = z.infer<typeof taskAttemptSchema>;

/**
 * A task as its guardian and its learner see it. The learner is told the right choice only once
 * they have found it; the points are credited when the first answer is right, and only once — up to
 * what is left of the learner's daily cap for this guardian that day.
 */
export const guardianTaskViewSchema = z.object({
  id: z.string(),
  guardian: personSchema,
  learnerId: z.string(),
  question: z.string(),
  choices: z.array(z.string()),
  correctChoice: z.number().nullable(),
  points: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  /** The first answer was right: the points are the learner's. */
  earned: z.boolean(),
  /** The points credited for it: the reward, or less when the daily cap was reached; null until credited. */
  creditedPoints: z.number().nullable(),
  attempts: z.array(taskAttemptSchema),
});
export type GuardianTaskView = z.infer<typeof guardianTaskViewSchema>;

export const guardianTaskListSchema = z.object({ tasks: z.array(guardianTaskViewSchema) });

/** POST /api/me/tasks/:id/answers */
export const taskAnswerResultSchema = z.object({
  correct: z.boolean(),
  /** Points credited by this answer: the reward (up to the daily cap) on a right first answer, 0 otherwise. */
  credited: z.number(),
  task: guardianTaskViewSchema,
});
export type TaskAnswerResult = z.infer<typeof taskAnswerResultSchema>;

export const learnerIdParamsSchema = z.object({ learnerId: objectIdSchema });
/** `:id` of a task or a gift. */
export const itemParamsSchema = z.object({ id: objectIdSchema });

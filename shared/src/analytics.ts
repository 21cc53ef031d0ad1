import { z } from "zod";

/** A UTC calendar day, `YYYY-MM-DD`: the unit every platform counter is kept by. */
export const utcDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a day as YYYY-MM-DD" });

/** The UTC day of `at`. */
export function utcDayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The longest range the dashboard answers for: one document per day, so this bounds what a request reads. */
export const MAX_DASHBOARD_DAYS = 366;

/** GET /api/admin/analytics: the days `from` to `to` (UTC, both included); the last 30 days by default. */
export const dashboardQuerySchema = z.object({
  from: utcDaySchema.optional(),
  to: utcDaySchema.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** The platform's daily counters, each kept as its event happens. */
export const DAILY_COUNTERS = [
  "signups",
  "classesHeld",
  "attendances",
  "messages",
  "enrolments",
  "completions",
  "quizAttempts",
  "quizPasses",
  "grossCents",
  "refundCents",
  "subscriptionsStarted",
  "subscriptionsEnded",
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/** One day of the dashboard: the counters, active users over the day, the 7 and the 30 days ending on it, and MRR. */
export const dashboardDaySchema = z.object({
  day: utcDaySchema,
  counts: z.record(z.enum(DAILY_COUNTERS), z.number()),
  activeUsers: z.object({ daily: z.number(), weekly: z.number(), monthly: z.number() }),
  netCents: z.number(),
  /** Monthly recurring revenue of Plus at the end of the day (yearly plans count a twelfth). */
  mrrCents: z.number(),
});
export type DashboardDay = z.infer<typeof dashboardDaySchema>;

export const revenueLineSchema = z.object({
  kind: z.enum(["course", "product", "plan"]),
  id: z.string(),
  name: z.string(),
  grossCents: z.number(),
  refundCents: z.number(),
  netCents: z.number(),
});
export type RevenueLine = z.infer<typeof revenueLineSchema>;

export const dashboardSchema = z.object({
  from: utcDaySchema,
  to: utcDaySchema,
  days: z.array(dashboardDaySchema),
  totals: z.record(z.enum(DAILY_COUNTERS), z.number()),
  /** Revenue over the range by what was sold, biggest first. */
  revenue: z.array(revenueLineSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

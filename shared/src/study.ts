import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { wordingParamsSchema } from "./wording";

/** A learner's subjects, weekly goals, planned slots, focus timers, reflections and study analytics. */

export const MAX_SUBJECTS = 30;
export const MAX_PLANNED_SLOTS = 60;
/** Minutes in a week: the largest weekly goal. */
export const WEEK_MINUTES = 7 * 24 * 60;

export const subjectBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  weeklyGoalMinutes: z.number().int().min(0).max(WEEK_MINUTES),
});
export type SubjectBody = z.infer<typeof subjectBodySchema>;

export const weeklyGoalBodySchema = z.strictObject({ weeklyGoalMinutes: z.number().int().min(0).max(WEEK_MINUTES) });

/** A subject: the learner's own (courseId null) or one per enrolled course (its id is the course's). */
export const subjectViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  courseId: z.string().nullable(),
  weeklyGoalMinutes: z.number().int(),
});
export type SubjectView = z.infer<typeof subjectViewSchema>;

/** A recurring weekly slot on the learner's own calendar: ISO weekday (1 = Monday) and local start. */
export const plannedSlotBodySchema = z.strictObject({
  subjectId: objectIdSchema,
  weekday: z.number().int().min(1).max(7),
  startMinute: z.number().int().min(0).max(1439),
  durationMinutes: z.number().int().min(5).max(600),
});
export type PlannedSlotBody = z.infer<typeof plannedSlotBodySchema>;

export const plannedSlotViewSchema = plannedSlotBodySchema.extend({ id: z.string(), subjectId: z.string() });
export type PlannedSlotView = z.infer<typeof plannedSlotViewSchema>;

/** Pomodoro lengths, in seconds so that a test can run a short cycle; defaults 25/5/15, long break after 4. */
export const focusSettingsSchema = z.strictObject({
  focusSeconds: z
    .number()
    .int()
    .min(5)
    .max(4 * 3600),
  breakSeconds: z.number().int().min(5).max(3600),
  longBreakSeconds: z.number().int().min(5).max(3600),
  longBreakEvery: z.number().int().min(1).max(12),
});
export type FocusSettings = z.infer<typeof focusSettingsSchema>;
export const DEFAULT_FOCUS_SETTINGS: FocusSettings = {
  focusSeconds: 25 * 60,
  breakSeconds: 5 * 60,
  longBreakSeconds: 15 * 60,
  longBreakEvery: 4,
};

export const startFocusBodySchema = z.strictObject({ subjectId: objectIdSchema });
export const focusRefSchema = z.strictObject({ sessionId: objectIdSchema });

/**
 * The learner's running or paused focus timer as the server sees it at `serverNow` (ms since the
 * epoch, Redis's clock): a client shows `remainingMs - (its now + offset - serverNow)` while running,
 * with `offset` = serverNow minus its own clock when the answer arrived.
 */
export const focusTimerViewSchema = z.object({
  sessionId: z.string(),
  subjectId: z.string(),
  status: z.enum(["running", "paused"]),
  startedAt: z.string(),
  focusMs: z.number().int(),
  focusedMs: z.number().int(),
  remainingMs: z.number().int(),
  serverNow: z.number().int(),
});
export type FocusTimerView = z.infer<typeof focusTimerViewSchema>;
export const currentFocusSchema = z.object({ timer: focusTimerViewSchema.nullable() });

/** A finished focus session, stored once. */
export const focusSessionViewSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** Whole minutes focused (pauses excluded). */
  minutes: z.number().int(),
  /** Minutes that earned XP: within the day's cap. */
  creditedMinutes: z.number().int(),
  /** The learner's local day it counts for. */
  day: z.string(),
});
export type FocusSessionView = z.infer<typeof focusSessionViewSchema>;

export const focusFinishedSchema = z.object({
  /** False when this session had already been finished: nothing was stored or awarded again. */
  applied: z.boolean(),
  session: focusSessionViewSchema,
});
export type FocusFinished = z.infer<typeof focusFinishedSchema>;

export const studyOverviewSchema = z.object({
  subjects: z.array(subjectViewSchema),
  slots: z.array(plannedSlotViewSchema),
  settings: focusSettingsSchema,
  timer: focusTimerViewSchema.nullable(),
  timeZone: z.string(),
});
export type StudyOverview = z.infer<typeof studyOverviewSchema>;

// ── Calendar helpers (pure) ───────────────────────────────────────────────────────────────────────

const clockFormatters = new Map<string, Intl.DateTimeFormat>();
function clockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = clockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    clockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Where an instant falls on a learner's wall clock: ISO weekday (1 = Monday), minute of the day, hour. */
export interface LocalClock {
  weekday: number;
  minuteOfDay: number;
  hour: number;
}

export function localClock(at: Date, timeZone: string): LocalClock {
  const parts = clockFormatter(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = Number(part("hour"));
  return { weekday: WEEKDAYS.indexOf(part("weekday")) + 1, minuteOfDay: hour * 60 + Number(part("minute")), hour };
}

// ── Group focus in study rooms ────────────────────────────────────────────────────────────────────

export const GROUP_PHASES = ["focus", "break", "long_break"] as const;

/** A study room's shared pomodoro, as every member sees it: the same `endsAt` on Redis's clock. */
export const groupTimerViewSchema = z.object({
  roomId: z.string(),
  phase: z.enum(GROUP_PHASES),
  status: z.enum(["running", "paused"]),
  /** Focus phases completed since the timer started: every `longBreakEvery`th is followed by a long break. */
  cycle: z.number().int(),
  phaseMs: z.number().int(),
  /** When the phase ends on the server's clock (ms since the epoch); null while paused. */
  endsAt: z.number().int().nullable(),
  remainingMs: z.number().int(),
  serverNow: z.number().int(),
  /** Members focusing with the timer (they joined it and have not left). */
  focusing: z.array(z.string()),
  /** Focus minutes each member completed with the room's timer today (UTC), and their sum. */
  todayMinutes: z.record(z.string(), z.number().int()),
  todayTotalMinutes: z.number().int(),
});
export type GroupTimerView = z.infer<typeof groupTimerViewSchema>;
/** What `study-group:state` answers: the room's timer, or null when none was started. */
export const groupTimerStateSchema = groupTimerViewSchema.nullable();

// ── Reflections and analytics ─────────────────────────────────────────────────────────────────────

export const MISSED_REASONS = ["no_time", "forgot", "too_tired", "unwell", "distracted", "other"] as const;
const dayStringSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a day as YYYY-MM-DD" });

/** After a focus session (how it went) or for a planned slot that passed without one (why it was missed). */
export const reflectionBodySchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("session"),
    sessionId: objectIdSchema,
    wentWell: z.string().trim().max(1000).default(""),
    gotInTheWay: z.string().trim().max(1000).default(""),
    mood: z.number().int().min(1).max(5),
    shared: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("missed_slot"),
    slotId: objectIdSchema,
    /** The slot's local day that passed. */
    day: dayStringSchema,
    reason: z.enum(MISSED_REASONS),
    note: z.string().trim().max(1000).default(""),
    shared: z.boolean().default(false),
  }),
]);
export type ReflectionBody = z.input<typeof reflectionBodySchema>;

/** A reflection; a guardian sees that it was written, and its text (null otherwise) only when the learner shared it. */
export const reflectionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(["session", "missed_slot"]),
  day: z.string(),
  sessionId: z.string().nullable(),
  slotId: z.string().nullable(),
  mood: z.number().int().nullable(),
  reason: z.enum(MISSED_REASONS).nullable(),
  wentWell: z.string().nullable(),
  gotInTheWay: z.string().nullable(),
  note: z.string().nullable(),
  shared: z.boolean(),
  createdAt: z.string(),
});
export type ReflectionView = z.infer<typeof reflectionViewSchema>;
export const reflectionListSchema = z.object({ reflections: z.array(reflectionViewSchema) });

/** A planned slot that passed in the last week with no study of its subject that day, and no reflection yet. */
export const missedSlotSchema = z.object({ slotId: z.string(), subjectId: z.string(), day: z.string() });
export const reflectionPromptsSchema = z.object({ missed: z.array(missedSlotSchema) });
export type ReflectionPrompts = z.infer<typeof reflectionPromptsSchema>;

export const studyAnalyticsSchema = z.object({
  timeZone: z.string(),
  /** Local days of the last year with study, oldest first. */
  heatmap: z.array(z.object({ day: z.string(), minutes: z.number().int() })),
  /** The last 12 ISO weeks, oldest first: minutes per subject id. */
  weeks: z.array(z.object({ week: z.string(), bySubject: z.record(z.string(), z.number().int()) })),
  /** Days in a row with focus, up to today (or yesterday, while today is still open); the longest in the year. */
  streak: z.object({ current: z.number().int(), longest: z.number().int() }),
  /** This week's minutes against each subject's weekly goal. */
  goals: z.array(z.object({ subjectId: z.string(), goalMinutes: z.number().int(), minutes: z.number().int() })),
  /** The local hour the learner studies most in (null before any study). */
  bestHour: z.number().int().nullable(),
});
export type StudyAnalytics = z.infer<typeof studyAnalyticsSchema>;

// ── Recommendations and alerts ────────────────────────────────────────────────────────────────────

/** Days after a failed or weak quiz on which revising it is recommended. */
export const REVISION_DAYS = [1, 3, 7, 14] as const;
/** A passed quiz under this percentage still counts as weak. */
export const WEAK_QUIZ_PERCENT = 70;

export const recommendationSchema = z.object({
  rule: z.enum(["next_lesson", "revision", "usual_time", "short_of_goal"]),
  /** Why it was chosen, in English words. */
  reason: z.string(),
  /** The values the reason names, for the app to word it in the reader's language. */
  params: wordingParamsSchema,
  courseId: z.string().nullable(),
  lessonId: z.string().nullable(),
  subjectId: z.string().nullable(),
  /** For `usual_time`: the local hour; for `short_of_goal`: the minutes missing. */
  value: z.number().int().nullable(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;
export const recommendationListSchema = z.object({ recommendations: z.array(recommendationSchema) });

export const ALERT_RULES = ["no_progress", "repeated_failures", "streak_broken"] as const;
/** Each alert rule in plain words, for the people it is shown or sent to. */
export const ALERT_RULE_LABELS: Record<(typeof ALERT_RULES)[number], string> = {
  no_progress: "No progress while enrolled",
  repeated_failures: "Failing the same quiz again and again",
  streak_broken: "A long study streak broken",
};
/** Days enrolled without progress before `no_progress` fires. */
export const NO_PROGRESS_DAYS = 7;
/** Failed attempts at one quiz that make `repeated_failures` fire. */
export const REPEATED_FAILURES = 3;
/** A run of study days at least this long, broken, makes `streak_broken` fire. */
export const LONG_STREAK_DAYS = 5;

/** A struggling-learner alert for an instructor or a guardian; its id is stable, so dismissing it sticks. */
export const studyAlertSchema = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULES),
  learnerId: z.string(),
  learnerName: z.string(),
  courseId: z.string().nullable(),
  lessonId: z.string().nullable(),
  /** What happened, in English words. */
  message: z.string(),
  /** The values the message names, for the app to word it in the reader's language. */
  params: wordingParamsSchema,
});
export type StudyAlert = z.infer<typeof studyAlertSchema>;
export const studyAlertListSchema = z.object({ alerts: z.array(studyAlertSchema) });
export const alertParamsSchema = z.object({ id: z.string().min(1).max(200) });

/** An instructor's view of a course's study: focus minutes its learners gave it per week, no names. */
export const courseStudyTotalsSchema = z.object({
  courseId: z.string(),
  learners: z.number().int(),
  weeks: z.array(z.object({ week: z.string(), minutes: z.number().int(), learnersStudying: z.number().int() })),
});
export type CourseStudyTotals = z.infer<typeof courseStudyTotalsSchema>;

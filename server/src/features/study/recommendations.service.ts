import {
  periodKeys,
  REVISION_DAYS,
  type Recommendation,
  type StudyAnalytics,
  WEAK_QUIZ_PERCENT,
} from "@chalkline/shared";
import { timeZoneOf } from "../accounts/user.model";
import { Course, Enrollment } from "../courses/courses.model";
import { Lesson } from "../courses/lessons.model";
import { LessonProgressRecord } from "../courses/progress.model";
import { QuizAttempt } from "../courses/quizzes.model";
import type { StudyAnalyticsService } from "./analytics.service";
import type { StudyPlans } from "./plans.service";

const DAY_MS = 86_400_000;
const none = { courseId: null, lessonId: null, subjectId: null, value: null };
const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** Days between two local calendar days ("2026-12-01"). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The first lesson of each enrolled course, in outline order, that the learner has not completed. */
async function nextLessons(userId: string): Promise<Recommendation[]> {
  const enrollments = await Enrollment.find({ userId }, { courseId: 1 }).lean();
  if (enrollments.length === 0) return [];
  const courses = await Course.find(
    { _id: { $in: enrollments.map((e) => e.courseId) } },
    { title: 1, modules: 1 },
  ).lean();
  const completed = new Set(
    (await LessonProgressRecord.find({ userId, completedAt: { $ne: null } }, { lessonId: 1 }).lean()).map((p) =>
      String(p.lessonId),
    ),
  );
  const found: Recommendation[] = [];
  for (const course of courses) {
    const next = course.modules.flatMap((m) => m.lessonIds.map(String)).find((id) => !completed.has(id));
    if (!next) continue;
    const lesson = await Lesson.findById(next, { title: 1 }).lean();
    if (!lesson) continue;
    found.push({
      ...none,
      rule: "next_lesson",
      reason: `Next in ${course.title}: "${lesson.title}", the first lesson you have not completed`,
      params: { course: course.title, lesson: lesson.title },
      courseId: String(course._id),
      lessonId: next,
    });
  }
  return found;
}

/**
 * Quizzes whose latest attempt failed or was weak, on the days of the spaced schedule after it
 * (REVISION_DAYS, counted on the learner's calendar); a later pass that is not weak ends it.
 */
async function revisions(userId: string, now: Date, timeZone: string): Promise<Recommendation[]> {
  const attempts = await QuizAttempt.find({ userId }, { lessonId: 1, courseId: 1, percent: 1, passed: 1, createdAt: 1 })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean();
  const latest = new Map<string, (typeof attempts)[number]>();
  for (const a of attempts) if (!latest.has(String(a.lessonId))) latest.set(String(a.lessonId), a);
  const today = periodKeys(now, timeZone).day;
  const found: Recommendation[] = [];
  for (const [lessonId, attempt] of latest) {
    const weak = !attempt.passed || attempt.percent < WEAK_QUIZ_PERCENT;
    const days = daysBetween(periodKeys(attempt.createdAt, timeZone).day, today);
    if (!weak || !(REVISION_DAYS as readonly number[]).includes(days)) continue;
    const lesson = await Lesson.findById(lessonId, { title: 1 }).lean();
    found.push({
      ...none,
      rule: "revision",
      reason: `Revise "${lesson?.title ?? "a quiz"}": you scored ${attempt.percent}% ${days} day${days === 1 ? "" : "s"} ago`,
      params: { lesson: lesson?.title ?? "", percent: attempt.percent, days },
      courseId: String(attempt.courseId),
      lessonId,
      value: days,
    });
  }
  return found;
}

/** Rule-based recommendations, each with the reason it was chosen. */
export class StudyRecommendations {
  constructor(
    private readonly plans: StudyPlans,
    private readonly analytics: StudyAnalyticsService,
  ) {}

  async forLearner(userId: string, now = new Date()): Promise<Recommendation[]> {
    const timeZone = await timeZoneOf(userId);
    const [lessons, revise, analytics, slots, subjects] = await Promise.all([
      nextLessons(userId),
      revisions(userId, now, timeZone),
      this.analytics.forLearner(userId, now),
      this.plans.slots(userId),
      this.plans.subjects(userId),
    ]);
    return [...lessons, ...revise, ...usualTime(analytics, slots), ...shortOfGoal(analytics, subjects)];
  }
}

/** "You usually study at 18:00 — plan a slot?" when no planned slot starts in that hour. */
function usualTime(analytics: StudyAnalytics, slots: { startMinute: number }[]): Recommendation[] {
  const hour = analytics.bestHour;
  if (hour === null || slots.some((s) => Math.floor(s.startMinute / 60) === hour)) return [];
  return [
    {
      ...none,
      rule: "usual_time",
      reason: `You usually study at ${hourLabel(hour)}: plan a slot then?`,
      params: { hour },
      value: hour,
    },
  ];
}

/** "You are 40 minutes short of this week's goal" for each subject behind its weekly goal. */
function shortOfGoal(analytics: StudyAnalytics, subjects: { id: string; name: string }[]): Recommendation[] {
  return analytics.goals
    .filter((g) => g.minutes < g.goalMinutes)
    .map((g) => {
      const missing = g.goalMinutes - g.minutes;
      const name = subjects.find((s) => s.id === g.subjectId)?.name ?? "a subject";
      return {
        ...none,
        rule: "short_of_goal" as const,
        reason: `You are ${missing} minutes short of this week's goal for ${name}`,
        params: { minutes: missing, subject: name },
        subjectId: g.subjectId,
        value: missing,
      };
    });
}

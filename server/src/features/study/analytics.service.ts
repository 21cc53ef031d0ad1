import { type CourseStudyTotals, dayBefore, periodKeys, recentWeeks, type StudyAnalytics } from "@chalkline/shared";
import { timeZoneOf } from "../accounts/user.model";
import { Enrollment } from "../courses/courses.model";
import type { StudyPlans } from "./plans.service";
import { StudyDay, type StudyDayDoc } from "./study.model";

const DAY_MS = 86_400_000;
const HEATMAP_DAYS = 366;
const CHART_WEEKS = 12;

type DaySummary = Pick<StudyDayDoc, "day" | "week" | "minutes"> & {
  bySubject: Record<string, number>;
  byHour: Record<string, number>;
};

/** The first day, in the learner's time zone, of the year of study days read at `now`. */
export const studyYearFrom = (now: Date, timeZone: string) =>
  periodKeys(new Date(now.getTime() - HEATMAP_DAYS * DAY_MS), timeZone).day;

/** A learner's study days of the last year, oldest first: small summaries, never the sessions. */
export async function studyDays(userId: string, now: Date, timeZone: string): Promise<DaySummary[]> {
  const from = studyYearFrom(now, timeZone);
  const days = await StudyDay.find(
    { userId, day: { $gte: from } },
    { day: 1, week: 1, minutes: 1, bySubject: 1, byHour: 1 },
  ).lean();
  return days
    .map((d) => ({
      day: d.day,
      week: d.week,
      minutes: d.minutes,
      bySubject: (d.bySubject ?? {}) as unknown as Record<string, number>,
      byHour: (d.byHour ?? {}) as unknown as Record<string, number>,
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Days in a row with study ending today, or yesterday while today has none yet; and the longest run. */
export function streakOf(studied: Set<string>, today: string): { current: number; longest: number } {
  let current = 0;
  let day = studied.has(today) ? today : dayBefore(today);
  while (studied.has(day)) {
    current++;
    day = dayBefore(day);
  }
  let longest = 0;
  for (const d of studied) {
    if (studied.has(dayBefore(d))) continue;
    let length = 0;
    let next = d;
    while (studied.has(next)) {
      length++;
      next = dayAfter(next);
    }
    longest = Math.max(longest, length);
  }
  return { current, longest };
}

/** The heatmap, weekly chart, streak, goal progress and best hour, from the learner's daily summaries. */
export class StudyAnalyticsService {
  constructor(private readonly plans: StudyPlans) {}

  async forLearner(userId: string, now = new Date()): Promise<StudyAnalytics> {
    const timeZone = await timeZoneOf(userId);
    const [days, subjects] = await Promise.all([studyDays(userId, now, timeZone), this.plans.subjects(userId)]);
    const today = periodKeys(now, timeZone);
    const weeks = recentWeeks(now, timeZone, CHART_WEEKS)
      .reverse()
      .map((week) => {
        const bySubject: Record<string, number> = {};
        for (const d of days.filter((x) => x.week === week)) {
          for (const [id, minutes] of Object.entries(d.bySubject)) bySubject[id] = (bySubject[id] ?? 0) + minutes;
        }
        return { week, bySubject };
      });
    const thisWeek = weeks.find((w) => w.week === today.week)?.bySubject ?? {};
    const byHour = new Map<number, number>();
    for (const d of days) {
      for (const [hour, minutes] of Object.entries(d.byHour))
        byHour.set(Number(hour), (byHour.get(Number(hour)) ?? 0) + minutes);
    }
    const best = [...byHour.entries()].filter(([, m]) => m > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    return {
      timeZone,
      heatmap: days.filter((d) => d.minutes > 0).map((d) => ({ day: d.day, minutes: d.minutes })),
      weeks,
      streak: streakOf(new Set(days.filter((d) => d.minutes > 0).map((d) => d.day)), today.day),
      goals: subjects
        .filter((s) => s.weeklyGoalMinutes > 0)
        .map((s) => ({ subjectId: s.id, goalMinutes: s.weeklyGoalMinutes, minutes: thisWeek[s.id] ?? 0 })),
      bestHour: best ? best[0] : null,
    };
  }

  /**
   * A course's focus minutes per week over its enrolled learners (the course is their subject),
   * weeks on the UTC calendar: learners' own weeks differ by a few hours at most.
   */
  async forCourse(courseId: string, now = new Date()): Promise<CourseStudyTotals> {
    const enrollments = await Enrollment.find({ courseId }, { userId: 1 }).lean();
    const weeks = recentWeeks(now, "UTC", CHART_WEEKS).reverse();
    const days = await StudyDay.find(
      { userId: { $in: enrollments.map((e) => e.userId) }, week: { $in: weeks } },
      { userId: 1, week: 1, bySubject: 1 },
    ).lean();
    return {
      courseId,
      learners: enrollments.length,
      weeks: weeks.map((week) => {
        const studying = new Set<string>();
        let minutes = 0;
        for (const d of days.filter((x) => x.week === week)) {
          const m = (d.bySubject as unknown as Record<string, number> | undefined)?.[courseId] ?? 0;
          if (m > 0) studying.add(String(d.userId));
          minutes += m;
        }
        return { week, minutes, learnersStudying: studying.size };
      }),
    };
  }
}

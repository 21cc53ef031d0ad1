import {
  dayBefore,
  LONG_STREAK_DAYS,
  NO_PROGRESS_DAYS,
  periodKeys,
  REPEATED_FAILURES,
  type Role,
  type StudyAlert,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { timeZoneOf, User } from "../accounts/user.model";
import { Course, Enrollment } from "../courses/courses.model";
import { LessonProgressRecord } from "../courses/progress.model";
import { QuizAttempt } from "../courses/quizzes.model";
import { GuardianLink } from "../guardians/links.model";
import { studyDays } from "./analytics.service";
import { AlertDismissal } from "./study.model";

const DAY_MS = 86_400_000;
/** A broken streak is news for this many days after it broke. */
const STREAK_NEWS_DAYS = 7;

export interface Scope {
  learnerIds: string[];
  /** Courses the viewer may see alerts about; null: every course (a guardian follows the learner). */
  courseIds: Set<string> | null;
}

/** An alert before it is put in front of a viewer (who sees the learner's name). */
export type Draft = Omit<StudyAlert, "learnerName">;

/** A learner's alerts about every course: who is told is decided per viewer. */
export const everyCourse = (learnerId: string): Scope => ({ learnerIds: [learnerId], courseIds: null });

async function scopeOf(viewer: { id: string; role: Role }): Promise<Scope> {
  if (viewer.role === "guardian") {
    const links = await GuardianLink.find({ guardianId: viewer.id }, { learnerId: 1 }).lean();
    return { learnerIds: links.map((l) => String(l.learnerId)), courseIds: null };
  }
  const courses = await Course.find({ instructorId: viewer.id }, { _id: 1 }).lean();
  const courseIds = courses.map((c) => String(c._id));
  if (courseIds.length === 0) return { learnerIds: [], courseIds: new Set() };
  const enrollments = await Enrollment.find({ courseId: { $in: courseIds } }, { userId: 1 }).lean();
  return { learnerIds: [...new Set(enrollments.map((e) => String(e.userId)))], courseIds: new Set(courseIds) };
}

/** What the rules read of a learner: enrolments, lesson progress, study days with minutes. */
export interface LearnerRecords {
  enrollments: Array<{ courseId: unknown; createdAt?: Date | null }>;
  progress: Array<{ courseId: unknown; lastBeatAt: Date }>;
  /** Days (in the learner's time zone) of the last year with study minutes. */
  studied: Set<string>;
  timeZone: string;
}

/** `no_progress`: enrolled, and no lesson activity in the course for NO_PROGRESS_DAYS. */
export async function noProgress(learnerId: string, scope: Scope, now: Date): Promise<Draft[]> {
  const enrollments = await Enrollment.find({ userId: learnerId }, { courseId: 1, createdAt: 1 }).lean();
  const progress = await LessonProgressRecord.find({ userId: learnerId }, { courseId: 1, lastBeatAt: 1 }).lean();
  return noProgressOf(learnerId, { enrollments, progress }, scope, now);
}

/** `no_progress` over records already read. */
export function noProgressOf(
  learnerId: string,
  { enrollments, progress }: Pick<LearnerRecords, "enrollments" | "progress">,
  scope: Scope,
  now: Date,
): Draft[] {
  const drafts: Draft[] = [];
  for (const e of enrollments) {
    const courseId = String(e.courseId);
    if (scope.courseIds && !scope.courseIds.has(courseId)) continue;
    const beats = progress.filter((p) => String(p.courseId) === courseId).map((p) => p.lastBeatAt.getTime());
    const last = Math.max((e.createdAt as Date).getTime(), ...beats);
    const idleDays = Math.floor((now.getTime() - last) / DAY_MS);
    if (idleDays < NO_PROGRESS_DAYS) continue;
    drafts.push({
      id: `no_progress:${learnerId}:${courseId}:${last}`,
      rule: "no_progress",
      learnerId,
      courseId,
      lessonId: null,
      message: `No progress in this course for ${idleDays} days while enrolled`,
      params: { days: idleDays },
    });
  }
  return drafts;
}

/** `repeated_failures`: REPEATED_FAILURES or more failed attempts at one quiz. */
export async function repeatedFailures(learnerId: string, scope: Scope): Promise<Draft[]> {
  const failed = await QuizAttempt.find({ userId: learnerId, passed: false }, { lessonId: 1, courseId: 1 }).lean();
  const byLesson = new Map<string, { courseId: string; count: number }>();
  for (const a of failed) {
    const entry = byLesson.get(String(a.lessonId)) ?? { courseId: String(a.courseId), count: 0 };
    entry.count++;
    byLesson.set(String(a.lessonId), entry);
  }
  return [...byLesson]
    .filter(([, v]) => v.count >= REPEATED_FAILURES && (!scope.courseIds || scope.courseIds.has(v.courseId)))
    .map(([lessonId, v]) => failuresDraft(learnerId, v.courseId, lessonId, v.count));
}

/**
 * `repeated_failures` of one quiz, right after a failed attempt at it: that learner's failed attempts
 * at that quiz only, ids only. A find by equalities rather than a count, which the store runs as an
 * aggregation over the whole collection.
 */
export async function repeatedFailuresAt(learnerId: string, courseId: string, lessonId: string): Promise<Draft[]> {
  const failed = await QuizAttempt.find({ lessonId, userId: learnerId, passed: false }, { _id: 1 }).lean();
  const count = failed.length;
  return count >= REPEATED_FAILURES ? [failuresDraft(learnerId, courseId, lessonId, count)] : [];
}

function failuresDraft(learnerId: string, courseId: string, lessonId: string, count: number): Draft {
  return {
    id: `repeated_failures:${learnerId}:${lessonId}:${count}`,
    rule: "repeated_failures",
    learnerId,
    courseId,
    lessonId,
    message: `Failed the same quiz ${count} times`,
    params: { count },
  };
}

/** `streak_broken`: a run of LONG_STREAK_DAYS or more study days ended, recently, and nothing since. */
export async function streakBroken(learnerId: string, now: Date): Promise<Draft[]> {
  const timeZone = await timeZoneOf(learnerId);
  const studied = new Set((await studyDays(learnerId, now, timeZone)).filter((d) => d.minutes > 0).map((d) => d.day));
  return streakBrokenOf(learnerId, { studied, timeZone }, now);
}

/** `streak_broken` over study days already read. */
export function streakBrokenOf(
  learnerId: string,
  { studied, timeZone }: Pick<LearnerRecords, "studied" | "timeZone">,
  now: Date,
): Draft[] {
  const today = periodKeys(now, timeZone).day;
  const yesterday = dayBefore(today);
  if (studied.has(today) || studied.has(yesterday)) return [];
  // The last study day, within the news window.
  let end = dayBefore(yesterday);
  for (let i = 0; i < STREAK_NEWS_DAYS && !studied.has(end); i++) end = dayBefore(end);
  if (!studied.has(end)) return [];
  let length = 0;
  for (let day = end; studied.has(day); day = dayBefore(day)) length++;
  if (length < LONG_STREAK_DAYS) return [];
  return [
    {
      id: `streak_broken:${learnerId}:${end}`,
      rule: "streak_broken",
      learnerId,
      courseId: null,
      lessonId: null,
      message: `A ${length}-day study streak ended on ${end}`,
      params: { length, end },
    },
  ];
}

/**
 * Struggling-learner alerts for an instructor (learners of their courses) or a guardian (linked
 * learners), computed when asked, each naming its rule; dismissed ones stay hidden for that viewer.
 */
export class StudyAlerts {
  async forViewer(viewer: { id: string; role: Role }, now = new Date()): Promise<StudyAlert[]> {
    const scope = await scopeOf(viewer);
    const drafts: Draft[] = [];
    for (const learnerId of scope.learnerIds) {
      drafts.push(...(await noProgress(learnerId, scope, now)));
      drafts.push(...(await repeatedFailures(learnerId, scope)));
      drafts.push(...(await streakBroken(learnerId, now)));
    }
    if (drafts.length === 0) return [];
    const dismissed = new Set(
      (await AlertDismissal.find({ viewerId: viewer.id }, { alertId: 1 }).lean()).map((d) => d.alertId),
    );
    const names = new Map(
      (await User.find({ _id: { $in: scope.learnerIds } }, { displayName: 1 }).lean()).map((u) => [
        String(u._id),
        u.displayName,
      ]),
    );
    return drafts
      .filter((d) => !dismissed.has(d.id))
      .map((d) => ({ ...d, learnerName: names.get(d.learnerId) ?? "a learner" }));
  }

  async dismiss(viewerId: string, alertId: string): Promise<void> {
    await AlertDismissal.updateOne(
      { _id: `${viewerId}:${alertId}` },
      { $setOnInsert: { viewerId: new mongoose.Types.ObjectId(viewerId), alertId } },
      { upsert: true },
    ).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
  }
}

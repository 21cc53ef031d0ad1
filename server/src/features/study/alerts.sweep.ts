import { dayBefore } from "@chalkline/shared";
import { User } from "../accounts/user.model";
import { Enrollment } from "../courses/courses.model";
import { LessonProgressRecord } from "../courses/progress.model";
import { GuardianLink } from "../guardians/links.model";
import { type Draft, everyCourse, noProgressOf, streakBrokenOf } from "./alerts.service";
import { studyYearFrom } from "./analytics.service";
import { StudyDay } from "./study.model";

/**
 * Learners the sweep reads together. The store scans a whole collection for every query, so a batch
 * costs the same few scans whatever its size: the sweep's cost grows with the collections' size times
 * the number of batches, not times the number of learners.
 */
export const SWEEP_BATCH = 500;

/** Every learner someone follows: enrolled in a course, or linked to a guardian. */
export async function followedLearners(): Promise<string[]> {
  const enrolled = await Enrollment.find({}, { userId: 1 }).lean();
  const linked = await GuardianLink.find({}, { learnerId: 1 }).lean();
  return [...new Set([...enrolled.map((e) => String(e.userId)), ...linked.map((l) => String(l.learnerId))])];
}

/**
 * `no_progress` and `streak_broken` of a batch of learners, from one read (by `$in` over the batch)
 * of each collection the rules need, evaluated in memory by the rules' own functions. A learner whose
 * account is gone has no streak to report.
 */
export async function sweepBatch(learnerIds: string[], now: Date): Promise<Draft[]> {
  // The earliest first day of the year in any time zone; each learner's own applies below.
  const earliest = dayBefore(studyYearFrom(now, "UTC"));
  const [enrollments, progress, users, days] = await Promise.all([
    Enrollment.find({ userId: { $in: learnerIds } }, { userId: 1, courseId: 1, createdAt: 1 }).lean(),
    LessonProgressRecord.find({ userId: { $in: learnerIds } }, { userId: 1, courseId: 1, lastBeatAt: 1 }).lean(),
    User.find({ _id: { $in: learnerIds } }, { timeZone: 1 }).lean(),
    StudyDay.find(
      { userId: { $in: learnerIds }, day: { $gte: earliest }, minutes: { $gt: 0 } },
      { userId: 1, day: 1 },
    ).lean(),
  ]);
  const enrollmentsOf = byLearner(enrollments, (e) => e.userId);
  const progressOf = byLearner(progress, (p) => p.userId);
  const daysOf = byLearner(days, (d) => d.userId);
  const timeZones = new Map(users.map((u) => [String(u._id), u.timeZone]));
  const drafts: Draft[] = [];
  for (const learnerId of learnerIds) {
    const records = { enrollments: enrollmentsOf.get(learnerId) ?? [], progress: progressOf.get(learnerId) ?? [] };
    drafts.push(...noProgressOf(learnerId, records, everyCourse(learnerId), now));
    const timeZone = timeZones.get(learnerId);
    if (!timeZone) continue;
    const from = studyYearFrom(now, timeZone);
    const studied = new Set((daysOf.get(learnerId) ?? []).map((d) => d.day).filter((day) => day >= from));
    drafts.push(...streakBrokenOf(learnerId, { studied, timeZone }, now));
  }
  return drafts;
}

/**
 * A filter on one field for any of `ids`: an equality when there is one, which the store answers from
 * its index, where `$in` makes it scan the collection; so telling one learner's alert stays cheap.
 */
export function anyOf(ids: string[]): string | { $in: string[] } {
  return ids.length === 1 ? ids[0]! : { $in: ids };
}

/** Documents grouped by the learner they belong to. */
export function byLearner<T>(docs: T[], learnerOf: (doc: T) => unknown): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const doc of docs) {
    const key = String(learnerOf(doc));
    const group = groups.get(key);
    if (group) group.push(doc);
    else groups.set(key, [doc]);
  }
  return groups;
}

/**
 * A school's study records for the alert sweep, inserted in bulk in the shape the product stores
 * them: learners in several time zones enrolled in a course, their lesson progress, their daily study
 * summaries and guardian links. Most learners are busy; one in five has made no progress for weeks
 * (`no_progress`) and one in ten ended a long study streak a few days ago (`streak_broken`).
 */
import { NO_PROGRESS_DAYS, periodKeys } from "@chalkline/shared";
import type { Model } from "mongoose";
import mongoose from "mongoose";
import { User } from "../../../server/src/features/accounts/user.model";
import { Enrollment } from "../../../server/src/features/courses/courses.model";
import { LessonProgressRecord } from "../../../server/src/features/courses/progress.model";
import { GuardianLink } from "../../../server/src/features/guardians/links.model";
import { StudyDay } from "../../../server/src/features/study/study.model";

const BATCH = 1000;
const DAY_MS = 86_400_000;
const TIME_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];
/** One learner in this many has a guardian; one guardian follows each such learner. */
const GUARDED_EVERY = 10;
const IDLE_EVERY = 5;
const STREAK_BROKEN_EVERY = 10;

export interface StudyFill {
  learnerIds: string[];
  /** Documents inserted, by collection. */
  inserted: Record<string, number>;
}

/** `learners` learners enrolled in `courseId`, with `documents` progress records and as many study days. */
export async function fillStudy(opts: {
  tag: string;
  courseId: string;
  learners: number;
  documents: number;
  now?: Date;
}): Promise<StudyFill> {
  const now = opts.now ?? new Date();
  const { ObjectId } = mongoose.Types;
  const courseId = new ObjectId(opts.courseId);
  const people = (role: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      _id: new ObjectId(),
      email: `study-${role}-${i}-${opts.tag}@example.test`,
      passwordHash: "-",
      displayName: `Study ${role} ${i}`,
      role,
      timeZone: TIME_ZONES[i % TIME_ZONES.length]!,
    }));
  const learners = people("learner", opts.learners);
  const guardians = people("guardian", Math.ceil(opts.learners / GUARDED_EVERY));
  const perLearner = Math.max(1, Math.round(opts.documents / opts.learners));
  const enrolledAt = new Date(now.getTime() - 60 * DAY_MS);

  const progress = learners.flatMap((l, i) => {
    const idle = i % IDLE_EVERY === 0;
    return Array.from({ length: perLearner }, (_, k) => {
      const lastBeatAt = new Date(now.getTime() - (idle ? NO_PROGRESS_DAYS + 5 + k : k % 2) * DAY_MS);
      const lesson = { lessonId: new ObjectId(), startedAt: new Date(lastBeatAt.getTime() - DAY_MS) };
      return { userId: l._id, courseId, ...lesson, lastBeatAt, timeSpentSeconds: 600, completedAt: null };
    });
  });
  const days = learners.flatMap((l, i) => {
    // The run ends today, or four days ago for the learners whose long streak broke.
    const endsDaysAgo = i % STREAK_BROKEN_EVERY === 0 ? 4 : 0;
    return Array.from({ length: perLearner }, (_, k) => {
      const keys = periodKeys(new Date(now.getTime() - (endsDaysAgo + k) * DAY_MS), l.timeZone);
      return { _id: `${l._id}:${keys.day}`, userId: l._id, day: keys.day, week: keys.week, minutes: 30, sessions: 1 };
    });
  });
  const enrollments = learners.map((l) => ({ courseId, userId: l._id, viaPlus: false, createdAt: enrolledAt }));
  const links = guardians.map((g, i) => ({
    _id: `study-link-${i}-${opts.tag}`,
    guardianId: g._id,
    learnerId: learners[i * GUARDED_EVERY]!._id,
    createdAt: enrolledAt,
  }));

  const inserted: Record<string, number> = {};
  const insert = async (model: Model<never>, docs: object[]) => {
    for (let i = 0; i < docs.length; i += BATCH) await model.collection.insertMany(docs.slice(i, i + BATCH));
    inserted[model.collection.collectionName] = docs.length;
  };
  await insert(User as unknown as Model<never>, [...learners, ...guardians]);
  await insert(Enrollment as unknown as Model<never>, enrollments);
  await insert(LessonProgressRecord as unknown as Model<never>, progress);
  await insert(StudyDay as unknown as Model<never>, days);
  await insert(GuardianLink as unknown as Model<never>, links);
  return { learnerIds: learners.map((l) => String(l._id)), inserted };
}

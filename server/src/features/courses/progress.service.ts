import type { CompletionView, LessonProgress } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { countDaily } from "../analytics/analytics.counters";
import type { AwardsService } from "../ledger/awards.service";
import type { Actor } from "../rooms/rooms.access";
import { courseForLearner } from "./courses.access";
import type { CourseDoc } from "./courses.model";
import { locateLesson } from "./courses.outline";
import { listedLesson } from "./lessons.service";
import { type LessonProgressDoc, LessonProgressRecord } from "./progress.model";
import { courseProgress, toLessonProgress } from "./progress.view";

/** Learners' progress through lessons: started, time spent while the lesson is on screen, completed. */
export class ProgressService {
  constructor(private readonly awards: Pick<AwardsService, "award">) {}

  /** Records when the learner first opened the lesson; later calls change nothing. */
  async start(actor: Actor, courseId: string, lessonId: string): Promise<LessonProgress> {
    const course = await learnerCourseWith(actor, courseId, lessonId);
    return toLessonProgress(await ensureProgress(course, actor.id, lessonId));
  }

  /**
   * Credits the visible seconds the client reports, but never more than the wall-clock time since
   * the last credited beat: several tabs, or a burst of calls, cannot add up to more than real time.
   */
  async heartbeat(actor: Actor, courseId: string, lessonId: string, seconds: number): Promise<LessonProgress> {
    const course = await learnerCourseWith(actor, courseId, lessonId);
    const doc = await ensureProgress(course, actor.id, lessonId);
    const now = new Date();
    const credit = Math.min(seconds, Math.round((now.getTime() - doc.lastBeatAt.getTime()) / 1000));
    if (credit <= 0) return toLessonProgress(doc);
    // Conditional on the beat we measured from, and written as a value rather than `$inc`ed:
    // FerretDB may let two concurrent beats both pass the condition, and then both write one total.
    const updated = await LessonProgressRecord.findOneAndUpdate(
      { _id: doc._id, lastBeatAt: doc.lastBeatAt },
      { $set: { timeSpentSeconds: doc.timeSpentSeconds + credit, lastBeatAt: now } },
      { returnDocument: "after" },
    );
    return toLessonProgress(updated ?? (await LessonProgressRecord.findById(doc._id)) ?? doc);
  }

  /** Completes a reading, video or ungraded exercise lesson; quizzes and graded exercises complete by passing. */
  async complete(actor: Actor, courseId: string, lessonId: string): Promise<CompletionView> {
    const course = await learnerCourseWith(actor, courseId, lessonId);
    const { lesson } = await listedLesson(course, lessonId);
    if (lesson.content.kind === "quiz") throw new AppError("forbidden", "a quiz lesson completes when you pass it");
    if (lesson.content.kind === "code" && lesson.content.tests) {
      throw new AppError("forbidden", "a graded exercise completes when you pass its tests");
    }
    return this.markCompleted(course, actor.id, lessonId);
  }

  /**
   * Marks the lesson completed once (the first completion time stays), then awards the lesson and,
   * when it was the last one, the course. The ledger applies each key once, so awarding again on a
   * repeated call is harmless, and makes up for a crash between storing the completion and awarding.
   */
  async markCompleted(course: CourseDoc, userId: string, lessonId: string): Promise<CompletionView> {
    const started = await ensureProgress(course, userId, lessonId);
    const completedNow = await LessonProgressRecord.findOneAndUpdate(
      { _id: started._id, completedAt: null },
      { $set: { completedAt: new Date() } },
      { returnDocument: "after" },
    );
    const lesson = completedNow ?? (await LessonProgressRecord.findById(started._id));
    if (!lesson?.completedAt) throw new AppError("internal", "lesson progress vanished");
    const progress = await courseProgress(course, userId);
    const courseId = course.id;
    await this.awards.award({
      userId,
      reason: "lesson_completed",
      key: `lesson:${lessonId}`,
      courseId,
      at: lesson.completedAt,
    });
    if (progress.totalLessons > 0 && progress.completedLessons === progress.totalLessons) {
      // Counted by the call that completed the last lesson, so a repeated call counts nothing.
      if (completedNow) countDaily({ completions: 1 });
      await this.awards.award({ userId, reason: "course_completed", key: `course:${courseId}`, courseId });
    }
    return { lesson: toLessonProgress(lesson), course: progress };
  }
}

async function learnerCourseWith(actor: Actor, courseId: string, lessonId: string): Promise<CourseDoc> {
  const course = await courseForLearner(courseId, actor);
  if (!locateLesson(course, lessonId)) throw new AppError("not_found", "no such lesson");
  return course;
}

/** The learner's progress in a lesson, created on first use; a concurrent first use reads the winner's. */
async function ensureProgress(course: CourseDoc, userId: string, lessonId: string): Promise<LessonProgressDoc> {
  const existing = await LessonProgressRecord.findOne({ userId, lessonId });
  if (existing) return existing;
  const now = new Date();
  try {
    return await LessonProgressRecord.create({
      userId,
      courseId: course._id,
      lessonId,
      startedAt: now,
      lastBeatAt: now,
    });
  } catch (error) {
    const winner = isDuplicateKey(error) ? await LessonProgressRecord.findOne({ userId, lessonId }) : null;
    if (!winner) throw error;
    return winner;
  }
}

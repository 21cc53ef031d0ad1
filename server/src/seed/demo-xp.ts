import { Course } from "../features/courses/courses.model";
import { Lesson } from "../features/courses/lessons.model";
import { LessonProgressRecord } from "../features/courses/progress.model";
import type { AwardsService } from "../features/ledger/awards.service";

const DAY_MS = 86_400_000;
/** How far back the demo's learning goes: a few weeks of weekly boards. */
const HISTORY_DAYS = 27;

/** A learner's study habit: the share of each course's lessons they finished, and how many days ago they last studied. */
export interface Habit {
  userId: string;
  courseIds: string[];
  share: number;
  idleDays: number;
}

/**
 * A few weeks of learning: each learner completes the first lessons of their courses on past days,
 * recorded as the course player records them (lesson progress) and awarded through the ledger's
 * group-committed award path with the day it happened, so balances, streaks, achievements and every
 * board (week, month, all time) follow from the ledger as they do for real learning. Learners run in
 * parallel, so their awards share batches; each learner's own run in day order, as they happened.
 */
export async function seedDemoLearning(awards: Pick<AwardsService, "award">, habits: readonly Habit[]): Promise<void> {
  const outlines = await lessonOutlines(habits.flatMap((h) => h.courseIds));
  const now = Date.now();
  await Promise.all(
    habits.map(async ({ userId, courseIds, share, idleDays }) => {
      const todo = courseIds.flatMap((courseId) => {
        const lessons = outlines.get(courseId) ?? [];
        return lessons.slice(0, Math.round(lessons.length * share)).map((lesson) => ({ courseId, ...lesson }));
      });
      // Spread evenly over the weeks, the last one `idleDays` ago.
      const step = ((HISTORY_DAYS - idleDays) * DAY_MS) / Math.max(todo.length, 1);
      const days = todo.map((_, i) => new Date(now - HISTORY_DAYS * DAY_MS + (i + 1) * step - 60_000));
      const done = todo.map(({ courseId, id }, i) => ({
        userId,
        courseId,
        lessonId: id,
        startedAt: days[i]!,
        lastBeatAt: days[i]!,
        timeSpentSeconds: 600 + 60 * (i % 7),
        completedAt: days[i]!,
      }));
      await LessonProgressRecord.insertMany(done);
      for (const [i, { courseId, id, quiz }] of todo.entries()) {
        const at = days[i]!;
        if (quiz) {
          const detail = { correct: quiz, total: quiz };
          await awards.award({ userId, reason: "quiz_passed", key: `quiz:${id}`, courseId, at, detail });
        }
        await awards.award({ userId, reason: "lesson_completed", key: `lesson:${id}`, courseId, at });
        const lessons = outlines.get(courseId) ?? [];
        if (lessons.at(-1)?.id === id) {
          await awards.award({ userId, reason: "course_completed", key: `course:${courseId}`, courseId, at });
        }
      }
    }),
  );
}

/** Each course's lessons in outline order, with a quiz's number of questions. */
async function lessonOutlines(courseIds: string[]): Promise<Map<string, Array<{ id: string; quiz: number }>>> {
  const courses = await Course.find({ _id: { $in: [...new Set(courseIds)] } });
  const lessonIds = courses.flatMap((c) => c.modules.flatMap((m) => m.lessonIds));
  const lessons = new Map((await Lesson.find({ _id: { $in: lessonIds } })).map((l) => [l.id as string, l]));
  return new Map(
    courses.map((course) => [
      course.id as string,
      course.modules.flatMap((m) =>
        m.lessonIds.map((lessonId) => {
          const content = lessons.get(String(lessonId))?.content;
          return { id: String(lessonId), quiz: content?.kind === "quiz" ? content.quiz.questions.length : 0 };
        }),
      ),
    ]),
  );
}

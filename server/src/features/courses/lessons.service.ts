import {
  type LearnerLessonContent,
  type LessonBody,
  type LessonContent,
  type LessonEditView,
  type LessonView,
  lessonContentSchema,
  MAX_LESSONS_PER_MODULE,
  testsProblem,
  toLearnerQuestion,
} from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import { assertCourseCaptions } from "../uploads/uploads.captions";
import { courseForEditor, courseForReader } from "./courses.access";
import type { CourseDoc } from "./courses.model";
import { locateLesson } from "./courses.outline";
import { Lesson, type LessonDoc } from "./lessons.model";
import { editOutline, requireModule } from "./outline.service";
import { lessonProgressOf } from "./progress.view";

/** A lesson the course's outline lists, with its place in it; anything else is `not_found`. */
export async function listedLesson(course: CourseDoc, lessonId: string) {
  const place = locateLesson(course, lessonId);
  const lesson = place ? await Lesson.findOne({ _id: lessonId, courseId: course._id }) : null;
  if (!place || !lesson) throw new AppError("not_found", "no such lesson");
  return { lesson, place };
}

function toEditView(lesson: LessonDoc, moduleId: string): LessonEditView {
  return {
    id: lesson.id,
    courseId: String(lesson.courseId),
    moduleId,
    title: lesson.title,
    content: lessonContentSchema.parse(lesson.content),
  };
}

/** What a learner may see: a quiz loses its answers and explanations. */
function toLearnerContent(content: LessonContent): LearnerLessonContent {
  switch (content.kind) {
    case "markdown":
    case "video":
      return content;
    case "code":
      return { ...content, tests: content.tests && { visible: content.tests.visible } };
    case "quiz":
      return {
        kind: "quiz",
        quiz: { passPercent: content.quiz.passPercent, questions: content.quiz.questions.map(toLearnerQuestion) },
      };
    default:
      return assertNever(content);
  }
}

/** A code exercise's tests must parse when they are saved, not fail a learner's submission later. */
function checkTests(content: LessonContent): void {
  const problem = content.kind === "code" ? testsProblem(content.language, content.tests) : null;
  if (problem) throw new AppError("invalid_payload", problem);
}

function captionIdsOf(content: LessonContent): string[] {
  return content.kind === "video" ? (content.captions ?? []).map((track) => track.uploadId) : [];
}

/** Adds a lesson at the end of a module. Should the outline refuse it, the new lesson is removed again. */
export async function createLesson(
  actor: Actor,
  courseId: string,
  moduleId: string,
  body: LessonBody,
): Promise<LessonEditView> {
  checkTests(body.content);
  const course = await courseForEditor(courseId, actor);
  requireModule(course, moduleId);
  await assertCourseCaptions(courseId, captionIdsOf(body.content));
  const lesson = await Lesson.create({ courseId: course._id, title: body.title, content: body.content });
  try {
    await editOutline(courseId, actor, (fresh) => {
      const target = requireModule(fresh, moduleId);
      if (target.lessonIds.length >= MAX_LESSONS_PER_MODULE) {
        throw new AppError("conflict", `a module has at most ${MAX_LESSONS_PER_MODULE} lessons`);
      }
      target.lessonIds.push(lesson._id);
    });
  } catch (error) {
    await Lesson.deleteOne({ _id: lesson._id });
    throw error;
  }
  return toEditView(lesson, moduleId);
}

export async function updateLesson(
  actor: Actor,
  courseId: string,
  lessonId: string,
  body: LessonBody,
): Promise<LessonEditView> {
  checkTests(body.content);
  const course = await courseForEditor(courseId, actor);
  const place = locateLesson(course, lessonId);
  if (!place) throw new AppError("not_found", "no such lesson");
  await assertCourseCaptions(courseId, captionIdsOf(body.content));
  const updated = await Lesson.findOneAndUpdate(
    { _id: lessonId, courseId: course._id },
    { $set: { title: body.title, content: body.content } },
    { returnDocument: "after" },
  );
  if (!updated) throw new AppError("not_found", "no such lesson");
  return toEditView(updated, place.moduleId);
}

/** Unlists the lesson first: a crash in between leaves an unreachable document, never a dangling id. */
export async function deleteLesson(actor: Actor, courseId: string, lessonId: string): Promise<void> {
  await editOutline(courseId, actor, (course) => {
    const place = locateLesson(course, lessonId);
    if (!place) throw new AppError("not_found", "no such lesson");
    const holder = requireModule(course, place.moduleId);
    holder.lessonIds = holder.lessonIds.filter((id) => String(id) !== lessonId);
  });
  await Lesson.deleteOne({ _id: lessonId, courseId });
}

export async function lessonForEditor(actor: Actor, courseId: string, lessonId: string): Promise<LessonEditView> {
  const course = await courseForEditor(courseId, actor);
  const { lesson, place } = await listedLesson(course, lessonId);
  return toEditView(lesson, place.moduleId);
}

/** The lesson in the player: enrolled learners get their progress, editors a preview without any. */
export async function lessonForReader(actor: Actor, courseId: string, lessonId: string): Promise<LessonView> {
  const { course, enrolled } = await courseForReader(courseId, actor);
  const { lesson, place } = await listedLesson(course, lessonId);
  return {
    id: lesson.id,
    courseId,
    moduleId: place.moduleId,
    title: lesson.title,
    content: toLearnerContent(lessonContentSchema.parse(lesson.content)),
    previousLessonId: place.previousLessonId,
    nextLessonId: place.nextLessonId,
    progress: enrolled ? await lessonProgressOf(actor.id, lessonId) : null,
  };
}

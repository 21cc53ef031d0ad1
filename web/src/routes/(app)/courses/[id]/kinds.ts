import type { LessonKind } from "@chalkline/shared";

/** The message naming each kind of lesson, translated where it is shown. */
export const LESSON_KIND_MESSAGES: Record<LessonKind, string> = {
  markdown: "lessons.kind.markdown",
  video: "lessons.kind.video",
  code: "lessons.kind.code",
  quiz: "lessons.kind.quiz",
};

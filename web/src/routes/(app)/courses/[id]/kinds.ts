import type { LessonKind } from "@chalkline/shared";

export const LESSON_KIND_LABELS: Record<LessonKind, string> = {
  markdown: "Reading",
  video: "Video",
  code: "Code exercise",
  quiz: "Quiz",
};

import {
  DEFAULT_PASS_PERCENT,
  type LessonContent,
  type LessonKind,
  type QuestionType,
  type QuizQuestion,
} from "@chalkline/shared";
import { assertNever } from "$lib/assert";

/** A fresh id for a question or option: a letter, then random characters, as the shared schema wants. */
export function newItemId(prefix: "q" | "o"): string {
  return `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

export function newQuestion(type: QuestionType, from?: Pick<QuizQuestion, "prompt" | "explanation">): QuizQuestion {
  const base = { id: newItemId("q"), prompt: from?.prompt ?? "", explanation: from?.explanation ?? "" };
  const options = () => [
    { id: newItemId("o"), text: "" },
    { id: newItemId("o"), text: "" },
  ];
  switch (type) {
    case "single": {
      const choices = options();
      return { ...base, type, options: choices, correctOptionId: choices[0]!.id };
    }
    case "multiple": {
      const choices = options();
      return { ...base, type, options: choices, correctOptionIds: [choices[0]!.id] };
    }
    case "true_false":
      return { ...base, type, correct: true };
    case "short_answer":
      return { ...base, type, acceptedAnswers: [""] };
    default:
      return assertNever(type);
  }
}

/** What a new lesson of each kind starts with. */
export function emptyContent(kind: LessonKind): LessonContent {
  switch (kind) {
    case "markdown":
      return { kind, body: "" };
    case "video":
      return { kind, url: "", notes: "" };
    case "code":
      return { kind, language: "python", instructions: "", starterFiles: [{ name: "main.py", content: "" }] };
    case "quiz":
      return { kind, quiz: { passPercent: DEFAULT_PASS_PERCENT, questions: [newQuestion("single")] } };
    default:
      return assertNever(kind);
  }
}

/** The message naming each type of question, translated where it is shown. */
export const QUESTION_TYPE_MESSAGES: Record<QuestionType, string> = {
  single: "lessons.questionType.single",
  multiple: "lessons.questionType.multiple",
  true_false: "lessons.questionType.true_false",
  short_answer: "lessons.questionType.short_answer",
};

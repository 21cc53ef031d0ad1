import type { LearnerQuestion, QuizAnswer } from "@chalkline/shared";
import { assertNever } from "$lib/assert";

/** What a learner has chosen so far, per question, in the form the inputs bind to. */
export type DraftAnswer =
  | { type: "single"; optionId: string | null }
  | { type: "multiple"; optionIds: string[] }
  | { type: "true_false"; value: boolean | null }
  | { type: "short_answer"; text: string };

export function emptyDraft(question: LearnerQuestion): DraftAnswer {
  switch (question.type) {
    case "single":
      return { type: "single", optionId: null };
    case "multiple":
      return { type: "multiple", optionIds: [] };
    case "true_false":
      return { type: "true_false", value: null };
    case "short_answer":
      return { type: "short_answer", text: "" };
    default:
      return assertNever(question);
  }
}

/** The answer to send, or null when the question was left out. */
export function toAnswer(questionId: string, draft: DraftAnswer): QuizAnswer | null {
  switch (draft.type) {
    case "single":
      return draft.optionId ? { type: "single", questionId, optionId: draft.optionId } : null;
    case "multiple":
      return draft.optionIds.length ? { type: "multiple", questionId, optionIds: draft.optionIds } : null;
    case "true_false":
      return draft.value === null ? null : { type: "true_false", questionId, value: draft.value };
    case "short_answer":
      return draft.text.trim() ? { type: "short_answer", questionId, text: draft.text.trim() } : null;
    default:
      return assertNever(draft);
  }
}

/** A past answer back in the inputs, to show it beside its result. */
export function fromAnswer(answer: QuizAnswer): DraftAnswer {
  switch (answer.type) {
    case "single":
      return { type: "single", optionId: answer.optionId };
    case "multiple":
      return { type: "multiple", optionIds: answer.optionIds };
    case "true_false":
      return { type: "true_false", value: answer.value };
    case "short_answer":
      return { type: "short_answer", text: answer.text };
    default:
      return assertNever(answer);
  }
}

import type { LearnerQuestion, QuizAnswer } from "@chalkline/shared";
import { translate } from "$lib/i18n";

/** A choice as the quiz shows it: an id the answer names, a text, and a letter for the eye. */
export interface Choice {
  id: string;
  text: string;
  letter: string;
}

/** The choices of a question: its options, or True and False (in the page's language); none for a short answer. */
export function choicesOf(question: LearnerQuestion): Choice[] {
  if (question.type === "true_false") {
    return [
      { id: "true", text: translate("quiz.true"), letter: translate("quiz.trueLetter") },
      { id: "false", text: translate("quiz.false"), letter: translate("quiz.falseLetter") },
    ];
  }
  if (!("options" in question)) return [];
  return question.options.map((o, i) => ({ id: o.id, text: o.text, letter: String.fromCharCode(65 + i) }));
}

/** The answer a choice question sends for the choices picked. */
export function choiceAnswer(question: LearnerQuestion, ids: string[]): QuizAnswer | null {
  const questionId = question.id;
  switch (question.type) {
    case "single":
      return ids[0] ? { type: "single", questionId, optionId: ids[0] } : null;
    case "multiple":
      return ids.length > 0 ? { type: "multiple", questionId, optionIds: ids } : null;
    case "true_false":
      return ids[0] ? { type: "true_false", questionId, value: ids[0] === "true" } : null;
    case "short_answer":
      return null;
  }
}

/** The choices an answer picked (none for a short answer). */
export function pickedIds(answer: QuizAnswer | null): string[] {
  if (!answer) return [];
  switch (answer.type) {
    case "single":
      return [answer.optionId];
    case "multiple":
      return answer.optionIds;
    case "true_false":
      return [String(answer.value)];
    case "short_answer":
      return [];
  }
}

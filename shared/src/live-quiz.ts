import { z } from "zod";
import { objectIdSchema } from "./accounts";
import {
  learnerQuestionSchema,
  MAX_QUIZ_QUESTIONS,
  type QuizAnswer,
  type QuizQuestion,
  quizAnswerSchema,
  quizQuestionSchema,
} from "./quiz";

/**
 * The live quiz: an instructor runs one of the course's quizzes in class, question by question.
 * Everyone gets each question at once; an answer counts only before the question's deadline, read
 * on the server's clock; the points reward being right first and fast second, with no streak bonus.
 */

export const LIVE_QUIZ_DEFAULT_SECONDS = 20;
export const LIVE_QUIZ_MIN_SECONDS = 5;
export const LIVE_QUIZ_MAX_SECONDS = 120;
/** What a right answer given at the very first moment earns; the slowest right answer earns half. */
export const LIVE_QUIZ_MAX_POINTS = 1000;
/** How many leaders the standings list; the viewer's own row comes on top of them. */
export const LIVE_QUIZ_TOP_N = 10;

/**
 * Points for one answer: `round(1000 × (0.5 + 0.5 × remaining / limit))` when right, 0 when wrong.
 * A right answer always beats a wrong one, and speed can at most double a right answer's worth, so
 * knowing matters more than racing. `remainingMs` is clamped to the question's time.
 */
export function liveQuizPoints(correct: boolean, remainingMs: number, limitMs: number): number {
  if (!correct || limitMs <= 0) return 0;
  const share = Math.min(Math.max(remainingMs, 0), limitMs) / limitMs;
  return Math.round(LIVE_QUIZ_MAX_POINTS * (0.5 + 0.5 * share));
}

/** Players in score order, ranked: equal scores share a rank, and the next rank skips (1, 2, 2, 4). */
export function rankStandings<T extends { score: number }>(players: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...players].sort((a, b) => b.score - a.score);
  let rank = 0;
  return sorted.map((player, index) => {
    if (index === 0 || player.score !== sorted[index - 1]!.score) rank = index + 1;
    return { ...player, rank };
  });
}

/**
 * How often each choice was picked: option ids for choice questions, "true" and "false" for
 * true/false. Short answers have no choices. Picks of options the question does not have are left out.
 */
export function choiceCounts(question: QuizQuestion, answers: Iterable<QuizAnswer>): Record<string, number> {
  const choices =
    question.type === "true_false"
      ? ["true", "false"]
      : question.type === "short_answer"
        ? []
        : question.options.map((o) => o.id);
  const counts: Record<string, number> = Object.fromEntries(choices.map((id) => [id, 0]));
  for (const answer of answers) {
    const picked =
      answer.type === "single"
        ? [answer.optionId]
        : answer.type === "multiple"
          ? [...new Set(answer.optionIds)]
          : answer.type === "true_false"
            ? [String(answer.value)]
            : [];
    for (const id of picked) if (id in counts) counts[id]! += 1;
  }
  return counts;
}

// ---- Commands -------------------------------------------------------------------------------

/** Moderator: run a quiz lesson of the room's course, `secondsPerQuestion` for each question. */
export const liveQuizLaunchSchema = z.strictObject({
  roomId: objectIdSchema,
  lessonId: objectIdSchema,
  secondsPerQuestion: z
    .number()
    .int()
    .min(LIVE_QUIZ_MIN_SECONDS)
    .max(LIVE_QUIZ_MAX_SECONDS)
    .default(LIVE_QUIZ_DEFAULT_SECONDS),
});
/** Moderator: `live-quiz:next` (first or next question), `live-quiz:reveal` (close it now), `live-quiz:end`. */
export const liveQuizCommandSchema = z.strictObject({ roomId: objectIdSchema, sessionId: objectIdSchema });
/** Learner: one answer per question; a second, different one is refused, the same one again is answered again. */
export const liveQuizAnswerSchema = z.strictObject({
  roomId: objectIdSchema,
  sessionId: objectIdSchema,
  questionIndex: z
    .number()
    .int()
    .min(0)
    .max(MAX_QUIZ_QUESTIONS - 1),
  answer: quizAnswerSchema,
});
/** Anyone in the room: the quiz as they see it now (after a reload, a reconnect, or a launch push). */
export const liveQuizStateSchema = z.strictObject({ roomId: objectIdSchema });

// ---- Views and pushes -----------------------------------------------------------------------

export const LIVE_QUIZ_STATUSES = ["lobby", "question", "reveal", "ended"] as const;
export type LiveQuizStatus = (typeof LIVE_QUIZ_STATUSES)[number];

export const liveQuizStandingSchema = z.object({
  rank: z.number(),
  user: z.object({ id: z.string(), displayName: z.string() }),
  score: z.number(),
  /** Right answers so far. */
  correct: z.number(),
});
export type LiveQuizStanding = z.infer<typeof liveQuizStandingSchema>;

/** The leaders, and where the viewer stands; `me` is null for hosts and for learners yet to answer. */
export const liveQuizStandingsSchema = z.object({
  top: z.array(liveQuizStandingSchema),
  me: z.object({ rank: z.number(), score: z.number(), correct: z.number() }).nullable(),
  /** Learners who answered at least once: the ones ranked. */
  players: z.number(),
});
export type LiveQuizStandings = z.infer<typeof liveQuizStandingsSchema>;

/** A learner's result for one question, once it is revealed. */
export const liveQuizMyResultSchema = z.object({
  answer: quizAnswerSchema.nullable(),
  correct: z.boolean(),
  points: z.number(),
});
export type LiveQuizMyResult = z.infer<typeof liveQuizMyResultSchema>;

/** `live-quiz:launched`, to the whole room: a quiz opened its lobby; clients ask for their view. */
export const liveQuizLaunchedSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  title: z.string(),
  total: z.number(),
});
export type LiveQuizLaunched = z.infer<typeof liveQuizLaunchedSchema>;

/** `live-quiz:question`, to the whole room: the same question for everyone, without its answer. */
export const liveQuizQuestionSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  index: z.number(),
  total: z.number(),
  question: learnerQuestionSchema,
  /** When answers stop counting, in the server's epoch milliseconds. */
  deadline: z.number(),
  limitMs: z.number(),
  /** The server's clock when this was sent: clients count down on it, not on their own clock. */
  serverNow: z.number(),
});
export type LiveQuizQuestion = z.infer<typeof liveQuizQuestionSchema>;

/** `live-quiz:reveal`, to each viewer: the answer, what was picked, their own result, the standings. */
export const liveQuizRevealSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  index: z.number(),
  total: z.number(),
  /** The question with its answer and explanation. */
  question: quizQuestionSchema,
  counts: z.record(z.string(), z.number()),
  answered: z.number(),
  correctCount: z.number(),
  /** Null for hosts. */
  mine: liveQuizMyResultSchema.nullable(),
  standings: liveQuizStandingsSchema,
});
export type LiveQuizReveal = z.infer<typeof liveQuizRevealSchema>;

/** `live-quiz:ended`, to each viewer: the final standings (the stored attempts say the same). */
export const liveQuizEndedSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  /** Questions asked before the end. */
  asked: z.number(),
  standings: liveQuizStandingsSchema,
});
export type LiveQuizEnded = z.infer<typeof liveQuizEndedSchema>;

/** `live-quiz:answered-count`, to the hosts, coalesced: how many have answered the open question. */
export const liveQuizAnsweredCountSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  index: z.number(),
  answered: z.number(),
  /** Learners following the quiz. */
  joined: z.number(),
});
export type LiveQuizAnsweredCount = z.infer<typeof liveQuizAnsweredCountSchema>;

/** The answer to `live-quiz:state` and to the moderator's commands: the quiz as one viewer sees it now. */
export const liveQuizViewSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  status: z.enum(LIVE_QUIZ_STATUSES),
  /** The current question's index; -1 in the lobby. */
  index: z.number(),
  total: z.number(),
  limitMs: z.number(),
  /** The current question without its answer (question and reveal). */
  question: learnerQuestionSchema.nullable(),
  deadline: z.number().nullable(),
  serverNow: z.number(),
  /** The viewer's answer to the current question, once given. */
  myAnswer: quizAnswerSchema.nullable(),
  answered: z.number(),
  joined: z.number(),
  /** While revealing: what `live-quiz:reveal` said. */
  reveal: liveQuizRevealSchema.nullable(),
  standings: liveQuizStandingsSchema,
  /** The viewer runs the quiz (a moderator of the room) rather than playing. */
  hosting: z.boolean(),
});
export type LiveQuizView = z.infer<typeof liveQuizViewSchema>;

/** What `live-quiz:answer` acks: the answer that counts (the first one given). */
export const liveQuizAnsweredSchema = z.object({
  sessionId: z.string(),
  questionIndex: z.number(),
  answer: quizAnswerSchema,
});
export type LiveQuizAnswered = z.infer<typeof liveQuizAnsweredSchema>;

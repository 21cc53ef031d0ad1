import {
  choiceCounts,
  gradeAnswer,
  LIVE_QUIZ_TOP_N,
  type LiveQuizReveal,
  type LiveQuizStanding,
  type LiveQuizStandings,
  type LiveQuizView,
  type QuizAnswer,
  toLearnerQuestion,
} from "@chalkline/shared";
import type { LiveQuizSession } from "./live-quiz.store";

export type AnswersTo = Map<string, { answer: QuizAnswer; points: number }>;

/** The leaders and the viewer's own place, from one ranked read; hosts (null) have no place. */
export function standingsFor(ranked: readonly LiveQuizStanding[], viewerId: string | null): LiveQuizStandings {
  const mine = viewerId === null ? undefined : ranked.find((p) => p.user.id === viewerId);
  return {
    top: ranked.slice(0, LIVE_QUIZ_TOP_N),
    me: mine ? { rank: mine.rank, score: mine.score, correct: mine.correct } : null,
    players: ranked.length,
  };
}

/** Question `index` revealed, as one viewer sees it: the answer, what was picked, their result. */
export function revealFor(
  session: LiveQuizSession,
  index: number,
  answers: AnswersTo,
  ranked: readonly LiveQuizStanding[],
  viewerId: string | null,
): LiveQuizReveal {
  const question = session.questions[index]!;
  const given = [...answers.values()];
  const mine = viewerId === null ? null : (answers.get(viewerId) ?? null);
  return {
    roomId: session.roomId,
    sessionId: session.id,
    index,
    total: session.total,
    question,
    counts: choiceCounts(
      question,
      given.map((g) => g.answer),
    ),
    answered: given.length,
    correctCount: given.filter((g) => gradeAnswer(question, g.answer)).length,
    mine:
      viewerId === null
        ? null
        : { answer: mine?.answer ?? null, correct: gradeAnswer(question, mine?.answer), points: mine?.points ?? 0 },
    standings: standingsFor(ranked, viewerId),
  };
}

export interface ViewParts {
  now: number;
  viewerId: string | null;
  myAnswer: QuizAnswer | null;
  counts: { answered: number; joined: number };
  ranked: readonly LiveQuizStanding[];
  /** Every answer to the current question, needed only while it is revealed. */
  answers: AnswersTo | null;
}

/** The session as one viewer sees it now: the open question never carries its answer. */
export function viewFor(session: LiveQuizSession, parts: ViewParts): LiveQuizView {
  const current = session.index >= 0 ? session.questions[session.index] : undefined;
  const showing = current && (session.status === "question" || session.status === "reveal");
  return {
    roomId: session.roomId,
    sessionId: session.id,
    lessonId: session.lessonId,
    title: session.title,
    status: session.status,
    index: session.index,
    total: session.total,
    limitMs: session.limitMs,
    question: showing ? toLearnerQuestion(current) : null,
    deadline: session.status === "question" ? session.deadline : null,
    serverNow: parts.now,
    myAnswer: showing ? parts.myAnswer : null,
    answered: parts.counts.answered,
    joined: parts.counts.joined,
    reveal:
      session.status === "reveal" && parts.answers
        ? revealFor(session, session.index, parts.answers, parts.ranked, parts.viewerId)
        : null,
    standings: standingsFor(parts.ranked, parts.viewerId),
    hosting: parts.viewerId === null,
  };
}

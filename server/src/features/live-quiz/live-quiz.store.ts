import {
  LIVE_QUIZ_STATUSES,
  type LiveQuizStanding,
  type QuizAnswer,
  quizAnswerSchema,
  quizQuestionSchema,
  rankStandings,
} from "@chalkline/shared";
import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { liveQuizKeys } from "./live-quiz.keys";
import {
  ANSWER_SCRIPT,
  CLAIM_SCRIPT,
  END_SCRIPT,
  LAUNCH_SCRIPT,
  NEXT_SCRIPT,
  REVEAL_SCRIPT,
} from "./live-quiz.scripts";

/** A forgotten session, and everything about it, leaves Redis after this long. */
export const SESSION_TTL_S = 6 * 3600;

/** A session as RedisClient holds it; checked on every read, like any message crossing a boundary. */
const sessionSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  courseId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  passPercent: z.coerce.number(),
  limitMs: z.coerce.number(),
  total: z.coerce.number(),
  questions: z
    .string()
    .transform((text) => JSON.parse(text) as unknown)
    .pipe(z.array(quizQuestionSchema)),
  status: z.enum(LIVE_QUIZ_STATUSES),
  index: z.coerce.number(),
  deadline: z.coerce.number().default(0),
  finalized: z.literal("1").optional(),
});
export type LiveQuizSession = z.infer<typeof sessionSchema>;
export type NewSession = Pick<
  LiveQuizSession,
  "id" | "roomId" | "courseId" | "lessonId" | "title" | "passPercent" | "limitMs" | "questions"
>;

export type AnswerOutcome = "kept" | "duplicate" | "closed" | "late";
const ANSWER_OUTCOMES: Record<number, AnswerOutcome> = { 1: "kept", 0: "duplicate", [-1]: "closed", [-2]: "late" };
export type EndOutcome = "ended" | "had-ended" | "missing" | "question-open";
const END_OUTCOMES: Record<number, EndOutcome> = {
  1: "ended",
  0: "had-ended",
  [-1]: "missing",
  [-2]: "question-open",
};

/** How a learner's answer is kept: what they sent, for the reveal's counts and their attempt. */
const storedAnswerSchema = z
  .string()
  .transform((text) => JSON.parse(text) as unknown)
  .pipe(quizAnswerSchema);

/**
 * The live quiz's shared state in Redis: any node serves any participant, and a learner who
 * reconnects to another node finds their answers and score where they left them.
 */
export class LiveQuizStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** The server's clock: Redis's, so every node reads the same time. */
  async now(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  currentId(roomId: string): Promise<string | null> {
    return this.redis.get(liveQuizKeys.room(this.prefix, roomId));
  }

  async read(sessionId: string): Promise<LiveQuizSession | null> {
    const hash = await this.redis.hgetall(liveQuizKeys.session(this.prefix, sessionId));
    return Object.keys(hash).length === 0 ? null : sessionSchema.parse({ ...hash, id: sessionId });
  }

  /** Opens `session` as the room's current one, unless the room's pointer is no longer `expected`. */
  async launch(session: NewSession, expected: string | null): Promise<boolean> {
    const fields = {
      roomId: session.roomId,
      courseId: session.courseId,
      lessonId: session.lessonId,
      title: session.title,
      passPercent: session.passPercent,
      limitMs: session.limitMs,
      total: session.questions.length,
      questions: JSON.stringify(session.questions),
      status: "lobby",
      index: -1,
    };
    const opened = await this.redis.eval(
      LAUNCH_SCRIPT,
      2,
      liveQuizKeys.room(this.prefix, session.roomId),
      liveQuizKeys.session(this.prefix, session.id),
      expected ?? "",
      session.id,
      SESSION_TTL_S,
      ...Object.entries(fields).flatMap(([field, value]) => [field, String(value)]),
    );
    return opened === 1;
  }

  /** Asks the next question; null when none may start now, "done" after the last one. */
  async next(sessionId: string, now: number): Promise<{ index: number; deadline: number } | null | "done"> {
    const [index, deadline] = (await this.redis.eval(
      NEXT_SCRIPT,
      2,
      liveQuizKeys.session(this.prefix, sessionId),
      liveQuizKeys.due(this.prefix),
      now,
      sessionId,
    )) as [number, number?];
    if (index === -2) return "done";
    return index === -1 || deadline === undefined ? null : { index, deadline };
  }

  async answer(
    sessionId: string,
    index: number,
    now: number,
    user: { id: string; displayName: string },
    answer: QuizAnswer,
    points: number,
  ): Promise<AnswerOutcome> {
    const k = liveQuizKeys;
    const code = await this.redis.eval(
      ANSWER_SCRIPT,
      6,
      k.session(this.prefix, sessionId),
      k.answers(this.prefix, sessionId, index),
      k.points(this.prefix, sessionId, index),
      k.scores(this.prefix, sessionId),
      k.names(this.prefix, sessionId),
      k.joined(this.prefix, sessionId),
      index,
      now,
      user.id,
      JSON.stringify(answer),
      points,
      user.displayName,
      SESSION_TTL_S,
    );
    return ANSWER_OUTCOMES[code as number] ?? "closed";
  }

  /** Closes question `index`; true for the one call that did it. */
  async reveal(sessionId: string, index: number): Promise<boolean> {
    const k = liveQuizKeys;
    const closed = await this.redis.eval(
      REVEAL_SCRIPT,
      5,
      k.session(this.prefix, sessionId),
      k.points(this.prefix, sessionId, index),
      k.scores(this.prefix, sessionId),
      k.correct(this.prefix, sessionId),
      k.due(this.prefix),
      index,
      sessionId,
      SESSION_TTL_S,
    );
    return closed === 1;
  }

  async end(sessionId: string, finalizeAt: number): Promise<EndOutcome> {
    const code = await this.redis.eval(
      END_SCRIPT,
      2,
      liveQuizKeys.session(this.prefix, sessionId),
      liveQuizKeys.due(this.prefix),
      sessionId,
      finalizeAt,
    );
    return END_OUTCOMES[code as number] ?? "missing";
  }

  /** The results are stored: no sweep needs to store them again. */
  async markFinalized(sessionId: string): Promise<void> {
    await this.redis
      .multi()
      .hset(liveQuizKeys.session(this.prefix, sessionId), "finalized", "1")
      .zrem(liveQuizKeys.due(this.prefix), `finalize|${sessionId}`)
      .exec();
  }

  /** Work due by `now`: `reveal|<id>|<index>` and `finalize|<id>` entries. */
  due(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(liveQuizKeys.due(this.prefix), "-inf", now, "LIMIT", 0, limit);
  }

  /** Takes a due entry for this node for `graceMs` (see CLAIM_SCRIPT); false when another node has it. */
  async claim(entry: string, now: number, graceMs: number): Promise<boolean> {
    return (await this.redis.eval(CLAIM_SCRIPT, 1, liveQuizKeys.due(this.prefix), entry, now, graceMs)) === 1;
  }

  /** Drops a due entry that points at a session Redis no longer holds. */
  async forgetDue(entry: string): Promise<void> {
    await this.redis.zrem(liveQuizKeys.due(this.prefix), entry);
  }

  /** Adds a follower; true when they were not following yet. */
  async join(sessionId: string, userId: string): Promise<boolean> {
    const key = liveQuizKeys.joined(this.prefix, sessionId);
    const [[, added] = []] = (await this.redis.multi().sadd(key, userId).expire(key, SESSION_TTL_S).exec()) ?? [];
    return added === 1;
  }

  /** Removes a follower; true when they were following. */
  async leave(sessionId: string, userId: string): Promise<boolean> {
    return (await this.redis.srem(liveQuizKeys.joined(this.prefix, sessionId), userId)) === 1;
  }

  joined(sessionId: string): Promise<string[]> {
    return this.redis.smembers(liveQuizKeys.joined(this.prefix, sessionId));
  }

  async counts(sessionId: string, index: number): Promise<{ answered: number; joined: number }> {
    const [answered, joined] = await Promise.all([
      index < 0 ? 0 : this.redis.hlen(liveQuizKeys.answers(this.prefix, sessionId, index)),
      this.redis.scard(liveQuizKeys.joined(this.prefix, sessionId)),
    ]);
    return { answered, joined };
  }

  async answerOf(sessionId: string, index: number, userId: string): Promise<QuizAnswer | null> {
    const raw = await this.redis.hget(liveQuizKeys.answers(this.prefix, sessionId, index), userId);
    return raw === null ? null : storedAnswerSchema.parse(raw);
  }

  /** Every answer to question `index` and the points each earned, by user id. */
  async answersTo(sessionId: string, index: number): Promise<Map<string, { answer: QuizAnswer; points: number }>> {
    const [answers, points] = await Promise.all([
      this.redis.hgetall(liveQuizKeys.answers(this.prefix, sessionId, index)),
      this.redis.hgetall(liveQuizKeys.points(this.prefix, sessionId, index)),
    ]);
    return new Map(
      Object.entries(answers).map(([userId, raw]) => [
        userId,
        { answer: storedAnswerSchema.parse(raw), points: Number(points[userId] ?? 0) },
      ]),
    );
  }

  /** Everyone who answered, ranked by score; read whole, so every viewer's standings come from one read. */
  async ranked(sessionId: string): Promise<LiveQuizStanding[]> {
    const k = liveQuizKeys;
    const [scores, correct, names] = await Promise.all([
      this.redis.zrevrange(k.scores(this.prefix, sessionId), 0, -1, "WITHSCORES"),
      this.redis.hgetall(k.correct(this.prefix, sessionId)),
      this.redis.hgetall(k.names(this.prefix, sessionId)),
    ]);
    const players: Array<Omit<LiveQuizStanding, "rank">> = [];
    for (let i = 0; i < scores.length; i += 2) {
      const id = scores[i]!;
      players.push({
        user: { id, displayName: names[id] ?? "Learner" },
        score: Number(scores[i + 1]),
        correct: Number(correct[id] ?? 0),
      });
    }
    return rankStandings(players);
  }
}

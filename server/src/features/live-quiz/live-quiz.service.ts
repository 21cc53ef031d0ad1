import { isDeepStrictEqual } from "node:util";
import {
  gradeAnswer,
  type LiveQuizAnswered,
  type LiveQuizView,
  liveQuizPoints,
  type QuizAnswer,
  toLearnerQuestion,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { Course } from "../courses/courses.model";
import { listedLesson } from "../courses/lessons.service";
import type { AwardsService } from "../ledger/awards.service";
import type { Actor, RoomAccess } from "../rooms/rooms.access";
import { LiveQuizBroadcast, type LiveQuizPush } from "./live-quiz.broadcast";
import { LiveQuizClock } from "./live-quiz.clock";
import { LiveQuizResults } from "./live-quiz.results";
import { type LiveQuizSession, LiveQuizStore } from "./live-quiz.store";
import { viewFor } from "./live-quiz.view";

/**
 * How long after an end the sweep stores the results itself, should the node that ended the quiz
 * have died before storing them; also how long a sweeping node holds that work.
 */
const FINALIZE_GRACE_MS = 30_000;

export interface LiveQuizParts {
  redis: RedisClient;
  prefix: string;
  awards: Pick<AwardsService, "award">;
  push: LiveQuizPush;
  onError: (error: unknown) => void;
}

/**
 * The live quiz: a room's moderators launch a quiz lesson of the room's course and step through it;
 * its learners answer. Standing is read fresh on every command. State lives in Redis (LiveQuizStore),
 * question deadlines and stored results are kept by the clock, results go to attempts and the ledger.
 */
export class LiveQuizService {
  readonly #store: LiveQuizStore;
  readonly #results: LiveQuizResults;
  readonly #broadcast: LiveQuizBroadcast;
  readonly #clock: LiveQuizClock;
  readonly #push: LiveQuizPush;

  private constructor(parts: LiveQuizParts) {
    this.#store = new LiveQuizStore(parts.redis, parts.prefix);
    this.#results = new LiveQuizResults(parts.awards);
    this.#push = parts.push;
    this.#broadcast = new LiveQuizBroadcast(this.#store, parts.push, parts.onError);
    this.#clock = LiveQuizClock.create({
      store: this.#store,
      run: (entry) => this.#due(entry),
      onError: parts.onError,
    });
  }

  static create(parts: LiveQuizParts): LiveQuizService {
    return new LiveQuizService(parts);
  }

  close(): void {
    this.#clock.close();
    this.#broadcast.close();
  }

  /**
   * The room's running quiz as `actor` sees it; learners asking start following it (reveals reach
   * them). An ended quiz is no longer running: its podium is pushed once, at the end, and a reload,
   * a later visit or the next class must not bring it back over the classroom.
   */
  async state(access: RoomAccess, actor: Actor): Promise<LiveQuizView | null> {
    const id = await this.#store.currentId(access.room.id);
    const session = id ? await this.#store.read(id) : null;
    if (!session || session.status === "ended") return null;
    if (!access.canModerate && (await this.#store.join(session.id, actor.id))) {
      this.#broadcast.countsChanged(session, session.status === "question" ? session.index : -1);
    }
    return this.#view(session, access.canModerate ? null : actor.id);
  }

  /** A learner who left the room stops following its quiz: no reveal or result reaches them any more. */
  async unfollow(roomId: string, userId: string): Promise<void> {
    const id = await this.#store.currentId(roomId);
    if (!id || !(await this.#store.leave(id, userId))) return;
    const session = await this.#store.read(id);
    if (session) this.#broadcast.countsChanged(session, session.status === "question" ? session.index : -1);
  }

  async launch(access: RoomAccess, lessonId: string, secondsPerQuestion: number): Promise<LiveQuizView> {
    requireHost(access);
    const course =
      access.room.kind === "class" && access.room.courseId ? await Course.findById(access.room.courseId) : null;
    if (!course) throw new AppError("not_found", "live quizzes run in a course's class room");
    const { lesson } = await listedLesson(course, lessonId);
    if (lesson.content.kind !== "quiz") throw new AppError("invalid_payload", "lessonId: a quiz lesson");
    const roomId = access.room.id;
    const currentId = await this.#store.currentId(roomId);
    const current = currentId ? await this.#store.read(currentId) : null;
    if (current && current.status !== "ended") {
      throw new AppError("conflict", "a live quiz is running in this room; end it first");
    }
    const session: LiveQuizSession = {
      id: new mongoose.Types.ObjectId().toHexString(),
      roomId,
      courseId: String(course._id),
      lessonId,
      title: lesson.title,
      passPercent: lesson.content.quiz.passPercent,
      limitMs: secondsPerQuestion * 1000,
      total: lesson.content.quiz.questions.length,
      questions: lesson.content.quiz.questions,
      status: "lobby",
      index: -1,
      deadline: 0,
    };
    if (!(await this.#store.launch(session, currentId))) {
      throw new AppError("conflict", "another live quiz was launched here meanwhile");
    }
    const { id: sessionId, title, total } = session;
    this.#push.send({ room: roomId }, "live-quiz:launched", { roomId, sessionId, title, total });
    return this.#view(session, null);
  }

  /** Asks the first question, or the next one once the last was revealed. */
  async next(access: RoomAccess, sessionId: string): Promise<LiveQuizView> {
    const session = await this.#hosted(access, sessionId);
    const now = await this.#store.now();
    const asked = await this.#store.next(sessionId, now);
    if (asked === "done") throw new AppError("conflict", "that was the last question; end the quiz");
    if (!asked) {
      throw new AppError(
        "conflict",
        session.status === "ended" ? "the quiz has ended" : "reveal the open question first",
      );
    }
    const { index, deadline } = asked;
    this.#clock.after(deadline - now, `reveal|${sessionId}|${index}`);
    const open: LiveQuizSession = { ...session, status: "question", index, deadline };
    this.#push.send({ room: session.roomId }, "live-quiz:question", {
      roomId: session.roomId,
      sessionId,
      index,
      total: session.total,
      question: toLearnerQuestion(session.questions[index]!),
      deadline,
      limitMs: session.limitMs,
      serverNow: now,
    });
    return this.#view(open, null);
  }

  /** Closes the open question before its deadline. */
  async reveal(access: RoomAccess, sessionId: string): Promise<LiveQuizView> {
    const session = await this.#hosted(access, sessionId);
    if (session.status !== "question") throw new AppError("conflict", "no question is open");
    await this.#close(sessionId, session.index);
    return this.#view(await this.#read(sessionId), null);
  }

  /**
   * Ends the quiz (closing an open question first, so its answers count), stores the results and
   * pushes the final standings. Ending again stores results that a dead node left unstored.
   */
  async end(access: RoomAccess, sessionId: string): Promise<LiveQuizView> {
    const session = await this.#hosted(access, sessionId);
    const finalizeAt = async () => (await this.#store.now()) + FINALIZE_GRACE_MS;
    let outcome = await this.#store.end(sessionId, await finalizeAt());
    if (outcome === "question-open") {
      await this.#close(sessionId, session.index);
      outcome = await this.#store.end(sessionId, await finalizeAt());
    }
    if (outcome === "question-open") throw new AppError("conflict", "a question opened meanwhile; try again");
    if (outcome === "missing") throw new AppError("not_found", "that quiz is over and forgotten");
    const ended = await this.#read(sessionId);
    if (outcome === "ended" || !ended.finalized) await this.#finalize(ended);
    return this.#view(ended, null);
  }

  async answer(
    access: RoomAccess,
    actor: Actor,
    payload: { sessionId: string; questionIndex: number; answer: QuizAnswer },
  ): Promise<LiveQuizAnswered> {
    if (access.canModerate || !access.member) throw new AppError("forbidden", "only the class's learners answer");
    const { sessionId, questionIndex: index, answer } = payload;
    const session = await this.#read(sessionId);
    if (session.roomId !== access.room.id) throw new AppError("not_found", "no such quiz in this room");
    if (session.status !== "question" || session.index !== index) {
      throw new AppError("conflict", "this question is not open");
    }
    const question = session.questions[index]!;
    if (answer.questionId !== question.id) throw new AppError("invalid_payload", "answer: for another question");
    const now = await this.#store.now();
    const points = liveQuizPoints(gradeAnswer(question, answer), session.deadline - now, session.limitMs);
    const outcome = await this.#store.answer(sessionId, index, now, actor, answer, points);
    switch (outcome) {
      case "kept":
        this.#broadcast.countsChanged(session, index);
        return { sessionId, questionIndex: index, answer };
      case "duplicate": {
        // The same answer again is a retry, answered again; a different one is a second try.
        const first = await this.#store.answerOf(sessionId, index, actor.id);
        if (first && isDeepStrictEqual(first, answer)) return { sessionId, questionIndex: index, answer: first };
        throw new AppError("conflict", "you have answered this question already");
      }
      case "late":
        throw new AppError("conflict", "time is up for this question");
      case "closed":
        throw new AppError("conflict", "this question is not open");
    }
  }

  async #hosted(access: RoomAccess, sessionId: string): Promise<LiveQuizSession> {
    requireHost(access);
    const session = await this.#read(sessionId);
    if (session.roomId !== access.room.id) throw new AppError("not_found", "no such quiz in this room");
    return session;
  }

  async #read(sessionId: string): Promise<LiveQuizSession> {
    const session = await this.#store.read(sessionId);
    if (!session) throw new AppError("not_found", "no such quiz");
    return session;
  }

  /** Closes question `index` and, for the one caller that did, pushes the reveal. */
  async #close(sessionId: string, index: number): Promise<void> {
    if (!(await this.#store.reveal(sessionId, index))) return;
    const session = await this.#store.read(sessionId);
    if (session) await this.#broadcast.reveal(session, index);
  }

  async #finalize(session: LiveQuizSession): Promise<void> {
    const asked = await Promise.all(
      Array.from({ length: session.index + 1 }, (_, i) => this.#store.answersTo(session.id, i)),
    );
    await this.#results.record(session, await this.#store.ranked(session.id), asked);
    await this.#store.markFinalized(session.id);
    await this.#broadcast.ended(session);
  }

  /** Work from the clock: a question's deadline, or results a dead node left unstored. */
  async #due(entry: string): Promise<void> {
    const [kind, sessionId, index] = entry.split("|");
    const session = sessionId ? await this.#store.read(sessionId) : null;
    if (kind === "reveal" && session) {
      await this.#close(session.id, Number(index));
      await this.#store.forgetDue(entry);
    } else if (kind === "finalize" && session && !session.finalized) {
      if (await this.#store.claim(entry, await this.#store.now(), FINALIZE_GRACE_MS)) await this.#finalize(session);
    } else {
      await this.#store.forgetDue(entry);
    }
  }

  async #view(session: LiveQuizSession, viewerId: string | null): Promise<LiveQuizView> {
    const showing = session.index >= 0 && session.status !== "lobby";
    const [now, ranked, counts, myAnswer, answers] = await Promise.all([
      this.#store.now(),
      this.#store.ranked(session.id),
      this.#store.counts(session.id, session.status === "question" ? session.index : -1),
      viewerId && showing ? this.#store.answerOf(session.id, session.index, viewerId) : null,
      session.status === "reveal" ? this.#store.answersTo(session.id, session.index) : null,
    ]);
    return viewFor(session, { now, viewerId, myAnswer, counts, ranked, answers });
  }
}

function requireHost(access: RoomAccess): void {
  if (!access.canModerate) throw new AppError("forbidden", "only the room's moderators run live quizzes");
}

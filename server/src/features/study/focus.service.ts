import { type FocusFinished, type FocusSessionView, type FocusTimerView, periodKeys } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { timeZoneOf } from "../accounts/user.model";
import type { AwardsService } from "../ledger/awards.service";
import { Room } from "../rooms/rooms.model";
import { focusScripts } from "./focus.scripts";
import type { GroupFocusCompleted } from "./group.service";
import type { StudyPlans } from "./plans.service";
import { studyKeys } from "./study.keys";
import { FocusSession, type FocusSessionDoc } from "./study.model";
import { countSession, studyDayOf } from "./summaries";

/** A timer nobody touched for this long is abandoned: it expires and earns nothing. */
const ABANDONED_AFTER_MS = 12 * 3600_000;
/** How long a finish's outcome is kept for repeated finishes, and a day's credit counter. */
const FINISHED_KEEP_MS = 3 * 24 * 3600_000;

type TimerReply = [string, string, string, string, string, number, string] | null;
type FinishReply = [string, number, number, string, string] | null;

function timerView(reply: NonNullable<TimerReply>): FocusTimerView {
  const [sessionId, subjectId, startedAt, focusMs, focusedMs, running, now] = reply;
  return {
    sessionId,
    subjectId,
    status: running === 1 ? "running" : "paused",
    startedAt: new Date(Number(startedAt)).toISOString(),
    focusMs: Number(focusMs),
    focusedMs: Number(focusedMs),
    remainingMs: Math.max(0, Number(focusMs) - Number(focusedMs)),
    serverNow: Number(now),
  };
}

export function sessionView(s: FocusSessionDoc): FocusSessionView {
  return {
    id: String(s._id),
    subjectId: String(s.subjectId),
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt.toISOString(),
    minutes: s.minutes,
    creditedMinutes: s.creditedMinutes,
    day: s.day,
  };
}

export interface FocusOptions {
  maxCreditedMinutesPerDay: number;
}

/**
 * A learner's focus timer: its live state in Redis on Redis's clock (focus.scripts.ts), the finished
 * session stored once under its id, its day's summary and its XP (key `focus:<sessionId>`). Finishing
 * twice, or on two nodes at once, stores and awards once: only one script call takes the timer, and
 * every later step is keyed, so a repeat (or a retry after a crash) completes what is missing.
 */
export class FocusTimers {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly plans: StudyPlans,
    private readonly awards: AwardsService,
    private readonly options: FocusOptions,
  ) {}

  async current(userId: string): Promise<FocusTimerView | null> {
    const reply = (await this.redis.eval(focusScripts.read, 1, this.#timerKey(userId))) as TimerReply;
    return reply && timerView(reply);
  }

  async start(userId: string, subjectId: string): Promise<FocusTimerView> {
    await this.plans.assertSubject(userId, subjectId);
    const { focusSeconds } = await this.plans.settings(userId);
    const sessionId = String(new mongoose.Types.ObjectId());
    const reply = (await this.redis.eval(
      focusScripts.start,
      1,
      this.#timerKey(userId),
      sessionId,
      subjectId,
      focusSeconds * 1000,
      ABANDONED_AFTER_MS,
    )) as TimerReply;
    const view = timerView(reply!);
    if (view.sessionId !== sessionId) throw new AppError("conflict", "a focus session is already under way");
    return view;
  }

  async pause(userId: string, sessionId: string): Promise<FocusTimerView> {
    return this.#step(focusScripts.pause, userId, sessionId);
  }

  async resume(userId: string, sessionId: string): Promise<FocusTimerView> {
    return this.#step(focusScripts.resume, userId, sessionId);
  }

  async #step(script: string, userId: string, sessionId: string): Promise<FocusTimerView> {
    const reply = (await this.redis.eval(
      script,
      1,
      this.#timerKey(userId),
      sessionId,
      ABANDONED_AFTER_MS,
    )) as TimerReply;
    if (!reply) throw new AppError("not_found", "no such focus session under way");
    return timerView(reply);
  }

  async finish(userId: string, sessionId: string): Promise<FocusFinished> {
    const timeZone = await timeZoneOf(userId);
    const timer = await this.current(userId);
    let applied = false;
    if (timer?.sessionId === sessionId) {
      const { day } = periodKeys(new Date(timer.startedAt), timeZone);
      const stored = await studyDayOf(userId, day);
      const reply = (await this.redis.eval(
        focusScripts.finish,
        3,
        this.#timerKey(userId),
        studyKeys.finished(this.prefix, userId, sessionId),
        studyKeys.creditedOnDay(this.prefix, userId, day),
        sessionId,
        this.options.maxCreditedMinutesPerDay,
        stored?.creditedMinutes ?? 0,
        FINISHED_KEEP_MS,
      )) as FinishReply;
      applied = reply !== null;
    }
    const session = await this.#settle(userId, sessionId, timeZone);
    return { applied, session: sessionView(session) };
  }

  /**
   * Stores the session, counts it in its day and awards its XP, from the outcome its finish kept:
   * each step keyed on the session id, so this runs again harmlessly.
   */
  async #settle(userId: string, sessionId: string, timeZone: string): Promise<FocusSessionDoc> {
    const outcome = await this.redis.hgetall(studyKeys.finished(this.prefix, userId, sessionId));
    if (!outcome.startedAt) {
      const stored = await FocusSession.findOne({ _id: sessionId, userId }).lean<FocusSessionDoc>();
      if (!stored) throw new AppError("not_found", "no such focus session");
      return stored;
    }
    const startedAt = new Date(Number(outcome.startedAt));
    const doc: FocusSessionDoc = {
      _id: new mongoose.Types.ObjectId(sessionId),
      userId: new mongoose.Types.ObjectId(userId),
      subjectId: new mongoose.Types.ObjectId(outcome.subjectId),
      roomId: null,
      startedAt,
      endedAt: new Date(Number(outcome.endedAt)),
      focusedMs: Number(outcome.focusedMs),
      minutes: Number(outcome.minutes),
      creditedMinutes: Number(outcome.credited),
      day: periodKeys(startedAt, timeZone).day,
    };
    // The insert under the session's id is the claim: only the caller that stored the session counts
    // it in its day (the summary's own guard is a compare-and-set, which the store may not honour
    // under concurrency). The award is keyed, so every caller may ask for it.
    const claimed = await FocusSession.create(doc).then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error;
        return false;
      },
    );
    if (claimed) await countSession({ ...doc, id: sessionId, userId, subjectId: outcome.subjectId! }, timeZone);
    if (doc.creditedMinutes > 0) {
      await this.awards.award({
        userId,
        reason: "focus_minutes",
        key: `focus:${sessionId}`,
        at: startedAt,
        detail: { minutes: doc.creditedMinutes },
      });
    }
    return doc;
  }

  /**
   * A focus phase completed with a study room's timer counts for each member who focused in it: in
   * their day's summary, under the subject `StudyPlans.roomSubject` names, and in XP within the same
   * daily cap.
   * Called once per phase (group.scripts.ts), so the keyed steps below never repeat in practice.
   */
  async creditGroupFocus({ roomId, endedAt, minutes, members }: GroupFocusCompleted): Promise<void> {
    if (minutes <= 0) return;
    const startedAt = new Date(endedAt.getTime() - minutes * 60_000);
    const id = `group:${roomId}:${endedAt.getTime()}`;
    const room = await Room.findById(roomId, { name: 1, courseId: 1 }).lean();
    if (!room) return;
    const named = { id: roomId, name: room.name, courseId: room.courseId ? String(room.courseId) : null };
    for (const userId of members) {
      const subjectId = await this.plans.roomSubject(userId, named);
      const timeZone = await timeZoneOf(userId);
      const { day } = periodKeys(startedAt, timeZone);
      const stored = await studyDayOf(userId, day);
      const credited = Number(
        await this.redis.eval(
          focusScripts.credit,
          1,
          studyKeys.creditedOnDay(this.prefix, userId, day),
          minutes,
          this.options.maxCreditedMinutesPerDay,
          stored?.creditedMinutes ?? 0,
          FINISHED_KEEP_MS,
        ),
      );
      await countSession({ id, userId, subjectId, startedAt, minutes, creditedMinutes: credited }, timeZone);
      if (credited > 0) {
        await this.awards.award({
          userId,
          reason: "focus_minutes",
          key: `focus:${id}`,
          roomId,
          at: startedAt,
          detail: { minutes: credited },
        });
      }
    }
  }

  #timerKey(userId: string): string {
    return studyKeys.timer(this.prefix, userId);
  }
}

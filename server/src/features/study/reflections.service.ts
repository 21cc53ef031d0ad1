import {
  localClock,
  periodKeys,
  type ReflectionBody,
  type ReflectionPrompts,
  type ReflectionView,
  reflectionBodySchema,
} from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { timeZoneOf } from "../accounts/user.model";
import { studyDays } from "./analytics.service";
import type { StudyPlans } from "./plans.service";
import { FocusSession, type FocusSessionDoc, Reflection, type ReflectionDoc } from "./study.model";

const DAY_MS = 86_400_000;
/** Missed slots are asked about for this many days back. */
const PROMPT_DAYS = 7;

/** The reflection as its reader may see it: a guardian sees the text only when the learner shared it. */
function reflectionView(r: ReflectionDoc, withText: boolean): ReflectionView {
  const text = (value: string | null | undefined) => (withText ? (value ?? null) : null);
  return {
    id: r._id,
    kind: r.kind as ReflectionView["kind"],
    day: r.day,
    sessionId: r.sessionId ?? null,
    slotId: r.slotId ?? null,
    mood: withText ? (r.mood ?? null) : null,
    reason: withText ? ((r.reason ?? null) as ReflectionView["reason"]) : null,
    wentWell: text(r.wentWell),
    gotInTheWay: text(r.gotInTheWay),
    note: text(r.note),
    shared: r.shared ?? false,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Reflections after focus sessions and on missed planned slots, and the prompts for the latter. */
export class StudyReflections {
  constructor(private readonly plans: StudyPlans) {}

  async write(userId: string, input: ReflectionBody): Promise<ReflectionView> {
    const body = reflectionBodySchema.parse(input);
    let doc: Omit<ReflectionDoc, "createdAt">;
    if (body.kind === "session") {
      const session = await FocusSession.findOne({ _id: body.sessionId, userId }).lean<FocusSessionDoc>();
      if (!session) throw new AppError("not_found", "no such focus session");
      doc = {
        _id: `${userId}:session:${body.sessionId}`,
        userId: new mongoose.Types.ObjectId(userId),
        kind: "session",
        day: session.day,
        sessionId: body.sessionId,
        slotId: null,
        mood: body.mood,
        reason: null,
        wentWell: body.wentWell,
        gotInTheWay: body.gotInTheWay,
        note: null,
        shared: body.shared,
      };
    } else {
      const prompts = await this.prompts(userId);
      if (!prompts.missed.some((m) => m.slotId === body.slotId && m.day === body.day)) {
        throw new AppError("conflict", "that slot was not missed on that day, or is already reflected on");
      }
      doc = {
        _id: `${userId}:slot:${body.slotId}:${body.day}`,
        userId: new mongoose.Types.ObjectId(userId),
        kind: "missed_slot",
        day: body.day,
        sessionId: null,
        slotId: body.slotId,
        mood: null,
        reason: body.reason,
        wentWell: null,
        gotInTheWay: null,
        note: body.note,
        shared: body.shared,
      };
    }
    try {
      const created = await Reflection.create(doc);
      return reflectionView(created.toObject() as ReflectionDoc, true);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new AppError("conflict", "already reflected on");
      throw error;
    }
  }

  async list(userId: string, asGuardian = false): Promise<ReflectionView[]> {
    const docs = await Reflection.find({ userId }).sort({ createdAt: -1 }).limit(100).lean<ReflectionDoc[]>();
    return docs.map((r) => reflectionView(r, !asGuardian || r.shared === true));
  }

  /**
   * Planned slots of the last week that ended without study of their subject that day (read from
   * the daily summaries) and without a reflection yet.
   */
  async prompts(userId: string, now = new Date()): Promise<ReflectionPrompts> {
    const [timeZone, slots] = await Promise.all([timeZoneOf(userId), this.plans.slots(userId)]);
    if (slots.length === 0) return { missed: [] };
    const days = new Map((await studyDays(userId, now, timeZone)).map((d) => [d.day, d]));
    const reflected = new Set(
      (await Reflection.find({ userId, kind: "missed_slot" }, { _id: 1 }).lean()).map((r) => r._id),
    );
    const nowClock = localClock(now, timeZone);
    const missed: ReflectionPrompts["missed"] = [];
    for (let back = 0; back <= PROMPT_DAYS; back++) {
      const at = new Date(now.getTime() - back * DAY_MS);
      const { day } = periodKeys(at, timeZone);
      const { weekday } = localClock(at, timeZone);
      for (const slot of slots) {
        if (slot.weekday !== weekday) continue;
        // Today's slot counts once it is over.
        if (back === 0 && slot.startMinute + slot.durationMinutes > nowClock.minuteOfDay) continue;
        if ((days.get(day)?.bySubject[slot.subjectId] ?? 0) > 0) continue;
        if (reflected.has(`${userId}:slot:${slot.id}:${day}`)) continue;
        missed.push({ slotId: slot.id, subjectId: slot.subjectId, day });
      }
    }
    return { missed };
  }
}

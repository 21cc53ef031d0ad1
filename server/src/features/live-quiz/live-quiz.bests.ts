import { improvementXp } from "@chalkline/shared";
import mongoose from "mongoose";
import { appendAt, backoff, type ChainEntry, entryAt, headOf } from "../../platform/chain";
import { AppError } from "../../platform/errors";

/**
 * A learner's best live-quiz result at one lesson, in XP, as a chain (platform/chain.ts) per
 * (learner, lesson): each entry is a session that beat the best before it, with what it added.
 * Appending is checked against the exact best it follows, so sessions recorded at once add up to
 * the best of them and never more; the attempt's unique id makes recording a session again (a
 * retry, the sweep) find its entry instead of adding one.
 */
const bestEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    attemptId: { type: mongoose.Schema.Types.ObjectId, required: true, unique: true },
    best: { type: Number, required: true },
    gain: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
const BestEntry = mongoose.model("LiveQuizBest", bestEntrySchema, "liveQuizBests");

interface BestEntryDoc extends ChainEntry {
  attemptId: mongoose.Types.ObjectId;
  best: number;
  gain: number;
}

/** Every failed append means another succeeded, so this bound only guards against bugs. */
const MAX_ATTEMPTS = 10_000;

/** The XP `attemptId`, worth `xp`, adds to the learner's best at the lesson's live quiz: 0 unless it beats it. */
export async function improveBest(userId: string, lessonId: string, attemptId: string, xp: number): Promise<number> {
  const subject = `${userId}:${lessonId}`;
  const recorded = async () => (await BestEntry.findOne({ attemptId }, { gain: 1 }).lean())?.gain ?? null;
  let head = await headOf<BestEntryDoc>(BestEntry, subject);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (head && String(head.attemptId) === attemptId) return head.gain;
    const gain = improvementXp(head?.best ?? 0, xp);
    if (gain === 0) return (await recorded()) ?? 0;
    const seq = (head?.seq ?? 0) + 1;
    if (await appendAt(BestEntry, subject, seq, { attemptId, best: xp, gain, at: new Date() })) return gain;
    const occupant = await entryAt<BestEntryDoc>(BestEntry, subject, seq);
    // A free position refused by the attempt index: this session was recorded before.
    if (!occupant) return (await recorded()) ?? 0;
    head = occupant;
    await backoff(attempt);
  }
  throw new AppError("unavailable", "live quiz results are too busy; try again");
}

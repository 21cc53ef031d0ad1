import type { QuizGrade, QuizQuestion } from "@chalkline/shared";
import mongoose from "mongoose";
import { appendAt, backoff, type ChainEntry, chainEntryId, entryAt } from "../../platform/chain";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { QuizTally, type QuizTallyRecord } from "./quizzes.model";

/**
 * A quiz's statistics without counters that concurrent attempts could lose (FerretDB's `$inc` is
 * a read then a write): each graded attempt appends what it adds to the quiz's chain
 * (platform/chain.ts), once per attempt, and the tally document is the fold of that chain through
 * its `seq`, written whole by compare-and-set and caught up whenever statistics are read.
 * Submissions only append (quizTallyEntries grows with every attempt, so reading it is kept off
 * their path).
 */
const tallyEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    lessonId: { type: mongoose.Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    attemptId: { type: mongoose.Schema.Types.ObjectId, required: true, unique: true },
    passed: { type: Boolean, required: true },
    /** Per question: whether it was right, and the choices picked among the question's own. */
    questions: { type: [mongoose.Schema.Types.Mixed], required: true },
  },
  { versionKey: false },
);
const TallyEntry = mongoose.model("QuizTallyEntry", tallyEntrySchema, "quizTallyEntries");

interface TallyEntryDoc extends ChainEntry {
  attemptId: mongoose.Types.ObjectId;
  passed: boolean;
  questions: Array<{ id: string; correct: boolean; choices: string[] }>;
}

/** Every failed append means another succeeded, so this bound only guards against bugs. */
const MAX_ATTEMPTS = 10_000;
/** Entries folded per compare-and-set at most. */
const FOLD_BATCH = 200;

/**
 * Adds a graded attempt at `questions` (the quiz's, or those a live quiz asked of them) to the
 * quiz's statistics; safe to repeat for the same attempt. The tally document's `head` is where the
 * chain ends as far as the last append knew, so an append reads no entry on its way: entries are
 * read (by `_id`, which the embedded store answers by scanning them all) only when a position turns
 * out taken — by a concurrent attempt, or when the hint lags. The entry is folded into the
 * statistics when they are read, not here.
 */
export async function tallyAttempt(
  lessonId: string,
  attemptId: string,
  questions: readonly QuizQuestion[],
  grade: QuizGrade,
): Promise<void> {
  const contribution = {
    lessonId,
    attemptId,
    passed: grade.passed,
    questions: questions.map((question, index) => ({
      id: question.id,
      correct: grade.results[index]!.correct,
      choices: choicesOf(question, grade.results[index]!.answer),
    })),
  };
  const tally = await loadTally(lessonId);
  let seq = Math.max(tally.seq, tally.head ?? 0) + 1;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (await appendAt(TallyEntry, lessonId, seq, contribution)) {
      // Only raised; two appends racing on the embedded store's read-then-write `$max` may leave it
      // one behind, which costs the next append one read.
      await QuizTally.updateOne({ lessonId }, { $max: { head: seq } });
      return;
    }
    const occupant = await entryAt<TallyEntryDoc>(TallyEntry, lessonId, seq);
    // A free position refused by the attempt index, or this attempt there: it is tallied already.
    if (!occupant || String(occupant.attemptId) === attemptId) return;
    seq += 1;
    await backoff(attempt);
  }
  throw new AppError("unavailable", "the quiz statistics are too busy; try again");
}

/** The quiz's statistics through every attempt tallied so far. */
export async function currentTally(lessonId: string): Promise<QuizTallyRecord> {
  let tally = await loadTally(lessonId);
  for (;;) {
    const batch = await entriesAfter(lessonId, tally.seq);
    if (batch.length === 0) return tally;
    const update = { $set: foldOnto(tally, batch) };
    const advanced = await QuizTally.findOneAndUpdate({ lessonId, seq: tally.seq }, update, {
      returnDocument: "after",
    }).lean<QuizTallyRecord>();
    // Null: another read folded first; start from where it got to.
    tally = advanced ?? (await loadTally(lessonId));
  }
}

/** The chain's entries right after `seq`, in order up to the first gap, FOLD_BATCH at most, in one query. */
async function entriesAfter(lessonId: string, seq: number): Promise<TallyEntryDoc[]> {
  const ids = Array.from({ length: FOLD_BATCH }, (_, i) => chainEntryId(lessonId, seq + 1 + i));
  const found = await TallyEntry.find({ _id: { $in: ids } }).lean<TallyEntryDoc[]>();
  const bySeq = new Map(found.map((entry) => [entry.seq, entry]));
  const batch: TallyEntryDoc[] = [];
  for (let next = seq + 1; bySeq.has(next); next++) batch.push(bySeq.get(next)!);
  return batch;
}

/** The tally document, created empty on first use; one written before tallies were chained starts at 0. */
async function loadTally(lessonId: string): Promise<QuizTallyRecord> {
  const found = await QuizTally.findOne({ lessonId }).lean<QuizTallyRecord>();
  if (found && typeof found.seq === "number") return found;
  if (found) await QuizTally.updateOne({ lessonId, seq: { $exists: false } }, { $set: { seq: 0 } });
  else {
    await QuizTally.create({ lessonId, seq: 0, attempts: 0, passed: 0, questions: {} }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }
  return (await QuizTally.findOne({ lessonId }).lean<QuizTallyRecord>()) as QuizTallyRecord;
}

/** The whole tally once `entries` are added: counters as values, so folding a batch twice is harmless. */
function foldOnto(base: QuizTallyRecord, entries: readonly TallyEntryDoc[]): Omit<QuizTallyRecord, "lessonId"> {
  const questions = structuredClone(base.questions ?? {});
  let { attempts, passed } = base;
  for (const entry of entries) {
    attempts += 1;
    if (entry.passed) passed += 1;
    for (const { id, correct, choices } of entry.questions) {
      const question = questions[id] ?? {};
      const picked = { ...question.choices };
      for (const choice of choices) picked[choice] = (picked[choice] ?? 0) + 1;
      questions[id] = {
        attempts: (question.attempts ?? 0) + 1,
        correct: (question.correct ?? 0) + (correct ? 1 : 0),
        choices: picked,
      };
    }
  }
  return { seq: entries.at(-1)!.seq, attempts, passed, questions };
}

/** The choices an answer picked among the question's own; anything else would only add stray counters. */
function choicesOf(question: QuizQuestion, answer: QuizGrade["results"][number]["answer"]): string[] {
  if (!answer) return [];
  if (question.type === "true_false" && answer.type === "true_false") return [String(answer.value)];
  if (question.type !== "single" && question.type !== "multiple") return [];
  const picked = answer.type === "single" ? [answer.optionId] : answer.type === "multiple" ? answer.optionIds : [];
  return [...new Set(picked)].filter((id) => question.options.some((o) => o.id === id));
}

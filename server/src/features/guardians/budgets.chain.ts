import mongoose from "mongoose";
import { appendAt, backoff, type ChainEntry, entryAt, headOf } from "../../platform/chain";
import { AppError } from "../../platform/errors";

/**
 * A guardian's budgets as counters, each a chain (platform/chain.ts) of keyed moves whose entry n
 * records the value after it, like the store's stock: a move is checked against the exact value it
 * follows, so however many move at once a counter never passes its bound, and a move's key (unique
 * per counter) makes a retry find the first one instead of moving again. No `$inc`: FerretDB's is
 * a read then a write, and two concurrent ones could both pass a check.
 *
 * Counters ("subjects"): `gifts:<guardianId>` the gift budget; `tasks:<guardianId>:<week>` the task
 * points reserved that week; `daily:<guardianId>:<learnerId>:<day>` a learner's task points that day.
 */
const budgetEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    subject: { type: String, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    delta: { type: Number, required: true },
    after: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
budgetEntrySchema.index({ subject: 1, key: 1 }, { unique: true });
const BudgetEntry = mongoose.model("GuardianBudgetEntry", budgetEntrySchema, "guardianBudgetEntries");

interface BudgetEntryDoc extends ChainEntry {
  key: string;
  delta: number;
  after: number;
}

/** What a move did: its change (that of the first move under its key, for a repeat) and the counter after. */
export type BudgetMove = { status: "applied" | "duplicate"; delta: number } | { status: "refused"; value: number };

/** Every failed attempt means another move succeeded, so this bound only guards against bugs. */
const MAX_ATTEMPTS = 10_000;

/** Appends move `key` to `subject`: `next(before)` is the value after it, or null to refuse it. */
export async function moveBudget(
  subject: string,
  key: string,
  next: (before: number) => number | null,
): Promise<BudgetMove> {
  let head = await headOf<BudgetEntryDoc>(BudgetEntry, subject);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = head?.after ?? 0;
    const seq = (head?.seq ?? 0) + 1;
    const after = next(before);
    if (after === null) return (await repeated(subject, key)) ?? { status: "refused", value: before };
    const entry = { subject, key, delta: after - before, after, at: new Date() };
    if (await appendAt(BudgetEntry, subject, seq, entry)) return { status: "applied", delta: entry.delta };
    const occupant = await entryAt<BudgetEntryDoc>(BudgetEntry, subject, seq);
    // A free position refused by the key index, or this very move there: it was applied before.
    if (!occupant || occupant.key === key) {
      const first = await repeated(subject, key);
      if (first) return first;
      head = await headOf<BudgetEntryDoc>(BudgetEntry, subject);
      continue;
    }
    head = occupant;
    await backoff(attempt);
  }
  throw new AppError("unavailable", "the budget is too busy; try again");
}

async function repeated(subject: string, key: string): Promise<BudgetMove | null> {
  const delta = await moveDelta(subject, key);
  return delta === null ? null : { status: "duplicate", delta };
}

/** The change move `key` made to `subject`, or null when there is no such move. */
export async function moveDelta(subject: string, key: string): Promise<number | null> {
  return (await BudgetEntry.findOne({ subject, key }, { delta: 1 }).lean())?.delta ?? null;
}

/** The counter's value now: 0 before its first move. */
export async function budgetValue(subject: string): Promise<number> {
  return (await headOf<BudgetEntryDoc>(BudgetEntry, subject))?.after ?? 0;
}

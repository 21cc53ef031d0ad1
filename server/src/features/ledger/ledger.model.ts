import { CURRENCIES, type Currency } from "@chalkline/shared";
import mongoose, { type InferSchemaType } from "mongoose";

const { ObjectId } = mongoose.Schema.Types;

const periodSchema = new mongoose.Schema(
  {
    day: { type: String, required: true },
    week: { type: String, required: true },
    month: { type: String, required: true },
  },
  { _id: false },
);
const detailSchema = new mongoose.Schema(
  {
    correct: Number,
    total: Number,
    perfect: Boolean,
    rank: Number,
    score: Number,
    achievement: String,
    minutes: Number,
  },
  { _id: false },
);

/**
 * One immutable ledger entry. Each learner has one chain per currency: entry `seq` n is stored
 * under `_id` "<userId>:<n>" and carries the balance after it, so appending and reading by
 * position are `_id` operations (served from an index on MongoDB; FerretDB 1.24 reads the whole
 * collection even for these, see server/DATA.md) and the balance is part of the same
 * single-document write as the entry. See ledger.chain.ts.
 */
const ledgerEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectId, required: true },
    seq: { type: Number, required: true },
    currency: { type: String, enum: CURRENCIES, required: true },
    /** Negative for spends. */
    amount: { type: Number, required: true },
    balanceAfter: { type: Number, required: true },
    reason: { type: String, required: true },
    /** Idempotency key: a learner's chain holds each key once. */
    key: { type: String, required: true },
    courseId: { type: ObjectId, default: null },
    roomId: { type: ObjectId, default: null },
    /** When the learning happened (may precede the write). */
    at: { type: Date, required: true },
    /** Its day, ISO week and month on the learner's calendar at the time: boards and charts use these. */
    period: { type: periodSchema, required: true },
    detail: { type: detailSchema, required: true, default: () => ({}) },
    /** On daily-streak entries: the streak's length that day. */
    streak: { type: Number, default: null },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
ledgerEntrySchema.index({ userId: 1, key: 1 }, { unique: true });
// Rebuilds and history pages walk one learner's chain in order.
ledgerEntrySchema.index({ userId: 1, seq: 1 });

export type LedgerEntry = InferSchemaType<typeof ledgerEntrySchema> & { _id: string; currency: Currency };

export const XpLedger = mongoose.model("XpLedger", ledgerEntrySchema, "xpLedger");
export const PointsLedger = mongoose.model("PointsLedger", ledgerEntrySchema, "pointsLedger");
export const LEDGERS = { xp: XpLedger, points: PointsLedger } as const;

export const entryId = (userId: string, seq: number) => `${userId}:${seq}`;

/** Reads entry `seq` of a learner's chain, or null past its head. */
export async function entryAt(currency: Currency, userId: string, seq: number): Promise<LedgerEntry | null> {
  return LEDGERS[currency].findById(entryId(userId, seq)).lean<LedgerEntry>();
}

/**
 * An award in flight: written before its entries and removed once every follow-up (projection,
 * streak, achievements, boards) is done, so a node that dies in between leaves a note that the
 * recovery sweep acts on. The collection only ever holds awards in flight, so scanning it is cheap.
 */
const intentSchema = new mongoose.Schema(
  {
    userId: { type: ObjectId, required: true },
    /** The activity's instant: the sweep still owes the streak for its day. */
    at: { type: Date, required: true },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
export const LedgerIntent = mongoose.model("LedgerIntent", intentSchema, "ledgerIntents");

import mongoose, { type InferSchemaType } from "mongoose";

/** How far a chain is folded, and its total there. */
const chainHead = {
  seq: { type: Number, required: true, default: 0 },
  total: { type: Number, required: true, default: 0 },
};
const sub = <T extends mongoose.SchemaDefinition>(definition: T) => ({
  type: new mongoose.Schema(definition, { _id: false }),
  required: true as const,
  default: () => ({}),
});

/**
 * A learner's balances and stats: a fold of their two ledger chains through `xp.seq` and
 * `points.seq`, rewritten whole by compare-and-set on those positions, so it is exact whatever order
 * or how often entries are folded, and can always be caught up from the chains. See balance.projection.ts.
 */
const balanceSchema = new mongoose.Schema(
  {
    _id: { type: mongoose.Schema.Types.ObjectId, required: true },
    xp: sub(chainHead),
    points: sub({ ...chainHead, earned: { type: Number, required: true, default: 0 } }),
    /** Awards per reason, counted on the XP chain. */
    counts: { type: Map, of: Number, default: {} },
    perfectQuizzes: { type: Number, default: 0 },
    correctAnswers: { type: Number, default: 0 },
    podiums: { type: Number, default: 0 },
    liveWins: { type: Number, default: 0 },
    streak: sub({
      lastDay: { type: String, default: null },
      length: { type: Number, required: true, default: 0 },
      best: { type: Number, required: true, default: 0 },
    }),
    /** Achievement id → when it was earned. */
    achievements: { type: Map, of: Date, default: {} },
    /** XP per week and month on the learner's calendar: charts and personal bests. */
    weeklyXp: { type: Map, of: Number, default: {} },
    monthlyXp: { type: Map, of: Number, default: {} },
  },
  // Empty maps are kept, so reads always find every field.
  { versionKey: false, minimize: false },
);

export type BalanceRecord = InferSchemaType<typeof balanceSchema>;
/** What `.lean()` reads: maps arrive as plain objects. */
export type BalanceDoc = Omit<BalanceRecord, "counts" | "achievements" | "weeklyXp" | "monthlyXp"> & {
  _id: mongoose.Types.ObjectId;
  counts: Record<string, number>;
  achievements: Record<string, Date>;
  weeklyXp: Record<string, number>;
  monthlyXp: Record<string, number>;
};

export const Balance = mongoose.model("Balance", balanceSchema, "balances");

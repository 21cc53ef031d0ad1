import mongoose from "mongoose";

/**
 * One UTC day of platform counters, `_id` the day (`YYYY-MM-DD`). `counts` is a copy of the day's
 * Redis hash, written whole by each flush, so a repeated or concurrent flush writes the same thing.
 * Fields: the DAILY_COUNTERS of shared/src/analytics.ts, `activeUsers`, `mrrCents`, and revenue per
 * item as `gross:<kind>:<id>` / `refund:<kind>:<id>`.
 */
const dailyStatsSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    counts: { type: mongoose.Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, timestamps: { createdAt: false, updatedAt: true }, minimize: false },
);
export const DailyStats = mongoose.model("DailyStats", dailyStatsSchema, "dailyStats");

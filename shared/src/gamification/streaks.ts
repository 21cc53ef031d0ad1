import { dayBefore, periodKeys } from "./periods";

/** A learner's daily streak: the last local day with activity, and how many days in a row it ends. */
export interface StreakState {
  lastDay: string | null;
  length: number;
}

export const NO_STREAK: StreakState = { lastDay: null, length: 0 };

export interface StreakStep {
  state: StreakState;
  /** The local day of the activity: the daily-streak award's key is made from it. */
  day: string;
  /** True on the first activity of a local day: the daily-streak award is due. */
  awardDue: boolean;
}

/**
 * Moves a streak forward for an activity at `at`, on the learner's calendar in `timeZone`:
 * the same day changes nothing, the next day extends it, a gap restarts it at 1. An activity
 * dated before the streak's last day (a late or replayed award) leaves it as it is.
 */
export function nextStreak(prev: StreakState, at: Date, timeZone: string): StreakStep {
  const { day } = periodKeys(at, timeZone);
  if (prev.lastDay !== null && day <= prev.lastDay) return { state: prev, day, awardDue: false };
  const length = prev.lastDay === dayBefore(day) ? prev.length + 1 : 1;
  return { state: { lastDay: day, length }, day, awardDue: true };
}

/** The streak as it stands on `now`: a streak whose last day is before yesterday is broken. */
export function currentStreak(state: StreakState, now: Date, timeZone: string): number {
  if (state.lastDay === null) return 0;
  const { day } = periodKeys(now, timeZone);
  return state.lastDay === day || state.lastDay === dayBefore(day) ? state.length : 0;
}

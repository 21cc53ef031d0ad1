import type { Activity, Currency, LearnerOverview } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { User } from "../accounts/user.model";
import { myCourseProgress } from "../courses/progress.view";
import type { LedgerCache } from "../ledger/ledger.cache";
import { ledgerPage, progressView } from "../ledger/ledger.view";
import { mergeStretches, totalMinutes } from "../live/live.attendance";
import { AttendanceInterval, LiveClass } from "../live/live.model";

const RECENT_ENTRIES = 10;
/** Attendance looks at the learner's latest stretches only; a year of classes fits well within. */
const MAX_STRETCHES = 2_000;

/**
 * What a linked guardian sees of a learner, read from the features that own each part: XP, level,
 * points and streak (ledger), courses (courses), attendance (live classes), and recent ledger entries.
 */
export async function learnerOverview(
  cache: LedgerCache,
  learnerId: string,
  now = new Date(),
): Promise<LearnerOverview> {
  const learner = await User.findById(learnerId, { displayName: 1, timeZone: 1 }).lean();
  if (!learner) throw new AppError("not_found", "no such learner");
  const [progress, courses, attendance, recent] = await Promise.all([
    progressView(cache, learnerId, learner.timeZone, now),
    myCourseProgress(learnerId),
    attendanceOf(learnerId, now),
    recentActivity(cache, learnerId),
  ]);
  return {
    learner: { id: learnerId, displayName: learner.displayName },
    xp: progress.xp,
    level: progress.level,
    levelFraction: progress.levelFraction,
    points: progress.points,
    streak: { current: progress.streak.current, best: progress.streak.best, activeToday: progress.streak.activeToday },
    attendance,
    courses: courses.courses,
    recent,
  };
}

/** Minutes in live classes (overlapping tabs counted once) and how many classes. */
async function attendanceOf(userId: string, now: Date): Promise<LearnerOverview["attendance"]> {
  const stretches = await AttendanceInterval.find({ userId }).sort({ joinedAt: -1 }).limit(MAX_STRETCHES).lean();
  const byClass = new Map<string, typeof stretches>();
  for (const s of stretches) {
    const key = String(s.liveClassId);
    byClass.set(key, [...(byClass.get(key) ?? []), s]);
  }
  const classes = await LiveClass.find({ _id: { $in: [...byClass.keys()] } }, { endedAt: 1 }).lean();
  const endOf = new Map(classes.map((c) => [String(c._id), c.endedAt ?? now]));
  let minutes = 0;
  for (const [classId, own] of byClass) minutes += totalMinutes(mergeStretches(own, endOf.get(classId) ?? now));
  return { minutes: Math.round(minutes), classes: byClass.size };
}

async function recentActivity(cache: LedgerCache, userId: string): Promise<Activity[]> {
  const page = (currency: Currency) => ledgerPage(cache, userId, { currency, limit: RECENT_ENTRIES });
  const [xp, points] = await Promise.all([page("xp"), page("points")]);
  return [...xp.entries, ...points.entries]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, RECENT_ENTRIES)
    .map((e) => ({ currency: e.currency, amount: e.amount, reason: e.reason, at: e.at }));
}

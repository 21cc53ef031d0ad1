import type { GiftView, ShippingStatus } from "@chalkline/shared";

const ACTIVITY: Record<string, string> = {
  lesson_completed: "Completed a lesson",
  quiz_passed: "Passed a quiz",
  quiz_perfect: "Scored 100% on a quiz",
  course_completed: "Finished a course",
  daily_streak: "Kept the streak going",
  quiz_correct_answers: "Right answers in a quiz",
  live_quiz: "Took part in a live quiz",
  achievement: "Earned a badge",
  guardian_task: "Solved a family task",
  gift_opened: "Opened a gift",
  store_purchase: "Bought in the store",
};

/** "Completed a lesson" for `lesson_completed`; unknown reasons read as words. */
export function activityLabel(reason: string): string {
  return ACTIVITY[reason] ?? reason.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export const SHIPPING_LABELS: Record<ShippingStatus, string> = {
  pending: "Waiting to be sent",
  shipped: "On its way",
  delivered: "Delivered",
};

export const GIFT_STATUS_LABELS: Record<GiftView["status"], string> = {
  locked: "Locked",
  unlocked: "Unlocked — ready to open",
  opening: "Being opened",
  activated: "Opened",
};

/** "1 point", "3 points"; "2 classes" with `units` given. */
export function plural(count: number, unit: string, units = `${unit}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? unit : units}`;
}

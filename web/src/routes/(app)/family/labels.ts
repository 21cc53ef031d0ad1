import { translate } from "$lib/i18n";

/** The ledger reasons that have a text of their own (`family.activity.<reason>`). */
const ACTIVITIES = new Set([
  "lesson_completed",
  "quiz_passed",
  "quiz_perfect",
  "course_completed",
  "daily_streak",
  "quiz_correct_answers",
  "live_quiz",
  "achievement",
  "guardian_task",
  "gift_opened",
  "store_purchase",
]);

/** "Completed a lesson" for `lesson_completed`; unknown reasons read as words. */
export function activityLabel(reason: string): string {
  if (ACTIVITIES.has(reason)) return translate(`family.activity.${reason}`);
  return reason.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
}

/** "42 s", "3 min 05 s", "1 h 02 min", in the page's language. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return translate("family.duration.seconds", { values: { s } });
  const minutes = Math.floor(s / 60);
  if (minutes < 60)
    return translate("family.duration.minutes", { values: { m: minutes, s: String(s % 60).padStart(2, "0") } });
  return translate("family.duration.hours", {
    values: { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, "0") },
  });
}

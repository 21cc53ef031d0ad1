import { type BoardPeriod, type BoardScope, weekStart } from "@chalkline/shared";

export const PERIOD_LABELS: Record<BoardPeriod, string> = { week: "This week", month: "This month", all: "All time" };
export const SCOPE_LABELS: Record<BoardScope, string> = { global: "Everyone", course: "Course", class: "Class" };

const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });

/** "2026-W49" → "30 Nov – 6 Dec"; "2026-12" → "December 2026"; "all" → "since the start". */
export function describePeriodKey(periodKey: string): string {
  if (/^\d{4}-W\d{2}$/.test(periodKey)) {
    const monday = weekStart(periodKey);
    return `${day.format(monday)} – ${day.format(new Date(monday.getTime() + 6 * 86_400_000))}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15));
    return date.toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
  }
  return "since the start";
}

export const formatXp = (xp: number) => `${xp.toLocaleString()} XP`;

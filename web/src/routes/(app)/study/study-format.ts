import { currentLocale } from "$lib/i18n";

/** "24:59" from milliseconds, rounded up so the clock reads 0:00 only at the end. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "18:30" from a minute of the day. */
export function formatMinuteOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** Monday (1) to Sunday (7) in the page's language: 2024-01-01 was a Monday. */
export function weekdayName(weekday: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { weekday: "long", timeZone: "UTC" }).format(
    Date.UTC(2024, 0, weekday),
  );
}

/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** "Friday, 4 December" for a calendar day "2026-12-04", in the page's language. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(currentLocale(), {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

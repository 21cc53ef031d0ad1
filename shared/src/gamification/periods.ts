import { z } from "zod";

const DAY_MS = 86_400_000;

/** True when `timeZone` is an IANA zone this runtime knows ("Europe/Paris", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_TIME_ZONE = "UTC";
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { message: "an IANA time zone such as Europe/Paris" });

/** The calendar periods an instant falls in, seen from one time zone. */
export interface PeriodKeys {
  /** ISO 8601 week of the local date: "2026-W49" (the year is the ISO week-numbering year). */
  week: string;
  /** "2026-12" */
  month: string;
  /** "2026-12-01" */
  day: string;
}

// Formatters are costly to build and are asked for on every award.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local calendar date of `at` in `timeZone`, as a UTC midnight (so day arithmetic ignores DST). */
function localDate(at: Date, timeZone: string): Date {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part("year"), part("month") - 1, part("day")));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const dayKey = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
const monthKey = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;

/** ISO week of a calendar date: the week belongs to the year of its Thursday. */
function weekKey(date: Date): string {
  const isoWeekday = date.getUTCDay() || 7;
  const thursday = new Date(date.getTime() + (4 - isoWeekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${pad(week)}`;
}

/** Day, ISO week and month of `at` on the learner's own calendar. */
export function periodKeys(at: Date, timeZone: string): PeriodKeys {
  const date = localDate(at, timeZone);
  return { week: weekKey(date), month: monthKey(date), day: dayKey(date) };
}

function parseDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/** The calendar day before "2026-03-01" → "2026-02-28". */
export function dayBefore(day: string): string {
  return dayKey(new Date(parseDay(day).getTime() - DAY_MS));
}

/** Monday (UTC midnight) that starts ISO week "2026-W49": week 1 is the week holding 4 January. */
export function weekStart(week: string): Date {
  const [year, w] = week.split("-W").map(Number);
  const jan4 = Date.UTC(year!, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() || 7) - 1) * DAY_MS;
  return new Date(mondayOfWeek1 + (w! - 1) * 7 * DAY_MS);
}

/** "2026-W01" → "2025-W53" or "2025-W52", whichever the calendar has. */
export function previousWeek(week: string): string {
  return weekKey(new Date(weekStart(week).getTime() - 7 * DAY_MS));
}

/** The week holding `at` in `timeZone` and the `count - 1` weeks before it, newest first. */
export function recentWeeks(at: Date, timeZone: string, count: number): string[] {
  const weeks = [periodKeys(at, timeZone).week];
  while (weeks.length < count) weeks.push(previousWeek(weeks[weeks.length - 1]!));
  return weeks;
}

/**
 * When a period is over everywhere: its UTC end plus a day, because learners in zones up to
 * UTC−12 are still inside it that long. Used to expire week and month boards.
 */
export function periodOverEverywhere(period: "week" | "month", key: string): Date {
  if (period === "week") return new Date(weekStart(key).getTime() + 8 * DAY_MS);
  const [year, month] = key.split("-").map(Number);
  return new Date(Date.UTC(year!, month!, 1) + DAY_MS);
}

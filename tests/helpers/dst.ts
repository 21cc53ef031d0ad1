const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The zone's offset from UTC at `at`, in minutes (Paris in summer: 120). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** A change of a zone's offset: the first hour after it, and the offsets before and after. */
export interface OffsetChange {
  at: Date;
  before: number;
  after: number;
  /** The local calendar day it happened on ("2026-10-25"). */
  day: string;
}

/** The zone's latest offset change (DST starting or ending) at or before `before`, within a year. */
export function latestOffsetChange(timeZone: string, before: Date): OffsetChange {
  let day = Math.floor(before.getTime() / DAY_MS) * DAY_MS;
  for (let i = 0; i < 366; i++, day -= DAY_MS) {
    if (offsetMinutes(timeZone, new Date(day - DAY_MS)) === offsetMinutes(timeZone, new Date(day))) continue;
    let hour = day - DAY_MS;
    while (offsetMinutes(timeZone, new Date(hour + HOUR_MS)) === offsetMinutes(timeZone, new Date(day - DAY_MS))) {
      hour += HOUR_MS;
    }
    const at = new Date(hour + HOUR_MS);
    const after = offsetMinutes(timeZone, at);
    const localDay = new Date(at.getTime() + after * 60_000).toISOString().slice(0, 10);
    return { at, before: offsetMinutes(timeZone, new Date(hour)), after, day: localDay };
  }
  throw new Error(`${timeZone} did not change its offset in the year before ${before.toISOString()}`);
}

/**
 * The zone's latest change in one direction ("forward": clocks go forward, summer time starts) at or
 * before `before`: the latest change, or the one before it.
 */
export function latestChange(timeZone: string, before: Date, direction: "forward" | "back"): OffsetChange {
  const latest = latestOffsetChange(timeZone, before);
  if (latest.after > latest.before === (direction === "forward")) return latest;
  return latestOffsetChange(timeZone, new Date(latest.at.getTime() - DAY_MS));
}

/** The instant a local wall-clock time ("2026-10-25", 23, 30) is at, for a known offset. */
export function localInstant(day: string, hour: number, minute: number, offset: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (hour * 60 + minute - offset) * 60_000);
}

/** The calendar day `days` after `day`. */
export function dayAfter(day: string, days = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

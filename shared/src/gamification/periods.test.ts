import { describe, expect, it } from "vitest";
import {
  dayBefore,
  isValidTimeZone,
  periodKeys,
  periodOverEverywhere,
  previousWeek,
  recentWeeks,
  timeZoneSchema,
  weekStart,
} from "./periods";

const at = (iso: string) => new Date(iso);

describe("periodKeys", () => {
  it("puts the same instant in different weeks across the Monday boundary, by zone", () => {
    // Sunday 3 January 2027, 12:00 UTC: already Monday in Auckland (UTC+13 in summer).
    const instant = at("2027-01-03T12:00:00Z");
    expect(periodKeys(instant, "Pacific/Auckland")).toEqual({ week: "2027-W01", month: "2027-01", day: "2027-01-04" });
    expect(periodKeys(instant, "UTC")).toEqual({ week: "2026-W53", month: "2027-01", day: "2027-01-03" });
    expect(periodKeys(instant, "America/Los_Angeles")).toEqual({
      week: "2026-W53",
      month: "2027-01",
      day: "2027-01-03",
    });
  });

  it("moves the month at local midnight in Kolkata (UTC+5:30)", () => {
    expect(periodKeys(at("2026-02-28T18:29:00Z"), "Asia/Kolkata").month).toBe("2026-02");
    expect(periodKeys(at("2026-02-28T18:30:00Z"), "Asia/Kolkata")).toEqual({
      week: "2026-W09",
      month: "2026-03",
      day: "2026-03-01",
    });
    expect(periodKeys(at("2026-02-28T18:30:00Z"), "UTC").month).toBe("2026-02");
  });

  it("keeps Los Angeles' Sunday evening in the previous week and month", () => {
    const instant = at("2027-03-01T07:30:00Z"); // Monday 1 March UTC, Sunday 28 February 23:30 in LA
    expect(periodKeys(instant, "UTC")).toEqual({ week: "2027-W09", month: "2027-03", day: "2027-03-01" });
    expect(periodKeys(instant, "America/Los_Angeles")).toEqual({
      week: "2027-W08",
      month: "2027-02",
      day: "2027-02-28",
    });
  });

  it("numbers ISO weeks 53 and 1 by the year of their Thursday", () => {
    expect(periodKeys(at("2021-01-01T12:00:00Z"), "UTC").week).toBe("2020-W53");
    expect(periodKeys(at("2021-01-04T12:00:00Z"), "UTC").week).toBe("2021-W01");
    expect(periodKeys(at("2024-12-30T12:00:00Z"), "UTC").week).toBe("2025-W01");
    expect(periodKeys(at("2027-01-01T12:00:00Z"), "UTC").week).toBe("2026-W53");
    expect(periodKeys(at("2022-01-02T12:00:00Z"), "UTC").week).toBe("2021-W52");
  });

  it("follows daylight saving transitions: local midnight moves with the offset", () => {
    // Los Angeles springs forward on 8 March 2026 (PST −8 → PDT −7).
    expect(periodKeys(at("2026-03-08T07:59:00Z"), "America/Los_Angeles").day).toBe("2026-03-07");
    expect(periodKeys(at("2026-03-08T08:00:00Z"), "America/Los_Angeles").day).toBe("2026-03-08");
    expect(periodKeys(at("2026-03-09T06:59:00Z"), "America/Los_Angeles").day).toBe("2026-03-08");
    expect(periodKeys(at("2026-03-09T07:00:00Z"), "America/Los_Angeles").day).toBe("2026-03-09");
    // Auckland falls back on 5 April 2026 (NZDT +13 → NZST +12): that Sunday lasts 25 hours.
    expect(periodKeys(at("2026-04-04T11:00:00Z"), "Pacific/Auckland").day).toBe("2026-04-05");
    expect(periodKeys(at("2026-04-05T11:59:00Z"), "Pacific/Auckland")).toMatchObject({
      day: "2026-04-05",
      week: "2026-W14",
    });
    expect(periodKeys(at("2026-04-05T12:00:00Z"), "Pacific/Auckland")).toMatchObject({
      day: "2026-04-06",
      week: "2026-W15",
    });
  });
});

describe("calendar helpers", () => {
  it("steps back a day across months and leap days", () => {
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
    expect(dayBefore("2026-01-01")).toBe("2025-12-31");
  });

  it("finds week starts and previous weeks across years with 52 and 53 weeks", () => {
    expect(weekStart("2026-W01").toISOString()).toBe("2025-12-29T00:00:00.000Z");
    expect(weekStart("2026-W53").toISOString()).toBe("2026-12-28T00:00:00.000Z");
    expect(previousWeek("2027-W01")).toBe("2026-W53");
    expect(previousWeek("2026-W01")).toBe("2025-W52");
    expect(previousWeek("2026-W10")).toBe("2026-W09");
  });

  it("lists recent weeks newest first", () => {
    expect(recentWeeks(at("2027-01-05T12:00:00Z"), "UTC", 3)).toEqual(["2027-W01", "2026-W53", "2026-W52"]);
  });

  it("ends periods a day after their UTC end, when every zone has left them", () => {
    expect(periodOverEverywhere("week", "2026-W49").toISOString()).toBe("2026-12-08T00:00:00.000Z");
    expect(periodOverEverywhere("month", "2026-12").toISOString()).toBe("2027-01-02T00:00:00.000Z");
  });

  it("accepts IANA zones and refuses the rest", () => {
    expect(isValidTimeZone("Asia/Kolkata")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(timeZoneSchema.safeParse("Pacific/Auckland").success).toBe(true);
    expect(timeZoneSchema.safeParse("not a zone").success).toBe(false);
  });
});

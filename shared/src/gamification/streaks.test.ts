import { describe, expect, it } from "vitest";
import { currentStreak, NO_STREAK, nextStreak, type StreakState } from "./streaks";

/** Replays activities through the streak rule; returns the final state and the days awarded. */
function replay(instants: string[], timeZone: string, start: StreakState = NO_STREAK) {
  let state = start;
  const awarded: string[] = [];
  for (const instant of instants) {
    const step = nextStreak(state, new Date(instant), timeZone);
    if (step.awardDue) awarded.push(step.day);
    state = step.state;
  }
  return { state, awarded };
}

describe("nextStreak", () => {
  it("counts local days: two activities two hours apart are two days in Auckland, one in UTC", () => {
    const instants = ["2026-06-01T10:30:00Z", "2026-06-01T12:30:00Z"]; // 22:30 and 00:30 NZST
    expect(replay(instants, "Pacific/Auckland")).toEqual({
      state: { lastDay: "2026-06-02", length: 2 },
      awarded: ["2026-06-01", "2026-06-02"],
    });
    expect(replay(instants, "UTC")).toEqual({ state: { lastDay: "2026-06-01", length: 1 }, awarded: ["2026-06-01"] });
  });

  it("keeps a streak through the 23-hour day when Los Angeles springs forward", () => {
    const instants = ["2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"];
    // 23:30 on the 7th (PST), 23:30 on the 8th (PDT), 23:30 on the 9th.
    expect(replay(instants, "America/Los_Angeles").state).toEqual({ lastDay: "2026-03-09", length: 3 });
  });

  it("keeps a streak through the 25-hour day when Auckland falls back", () => {
    const instants = ["2026-04-04T10:30:00Z", "2026-04-05T11:30:00Z", "2026-04-05T12:30:00Z"];
    // 23:30 on the 4th (NZDT), 23:30 on the 5th (NZST), 00:30 on the 6th.
    expect(replay(instants, "Pacific/Auckland").state).toEqual({ lastDay: "2026-04-06", length: 3 });
  });

  it("carries a streak over the new year and ISO week 53 in Kolkata", () => {
    const instants = ["2026-12-31T18:00:00Z", "2027-01-01T18:00:00Z"]; // 23:30 on 31 Dec and 1 Jan IST
    expect(replay(instants, "Asia/Kolkata").state).toEqual({ lastDay: "2027-01-01", length: 2 });
  });

  it("restarts after a missed day and ignores activity dated before the last day", () => {
    const start = { lastDay: "2026-05-10", length: 6 };
    expect(replay(["2026-05-12T12:00:00Z"], "UTC", start).state).toEqual({ lastDay: "2026-05-12", length: 1 });
    expect(replay(["2026-05-09T12:00:00Z"], "UTC", start)).toEqual({ state: start, awarded: [] });
    expect(replay(["2026-05-10T23:00:00Z"], "UTC", start)).toEqual({ state: start, awarded: [] });
  });
});

describe("currentStreak", () => {
  const state = { lastDay: "2026-05-10", length: 4 };
  it("holds through the next local day and breaks after it", () => {
    expect(currentStreak(state, new Date("2026-05-11T20:00:00Z"), "UTC")).toBe(4);
    expect(currentStreak(state, new Date("2026-05-12T01:00:00Z"), "UTC")).toBe(0);
    // Still the 11th in Los Angeles.
    expect(currentStreak(state, new Date("2026-05-12T01:00:00Z"), "America/Los_Angeles")).toBe(4);
  });
});

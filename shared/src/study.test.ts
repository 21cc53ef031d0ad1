import { describe, expect, it } from "vitest";
import { localClock, reflectionBodySchema } from "./study";

describe("localClock", () => {
  it("reads the learner's wall clock on both sides of a DST change", () => {
    // Paris: 00:30 CET on Sunday 29 March 2026, then 00:30 CEST on Monday the 30th.
    expect(localClock(new Date("2026-03-28T23:30:00Z"), "Europe/Paris")).toEqual({
      weekday: 7,
      minuteOfDay: 30,
      hour: 0,
    });
    expect(localClock(new Date("2026-03-29T22:30:00Z"), "Europe/Paris")).toEqual({
      weekday: 1,
      minuteOfDay: 30,
      hour: 0,
    });
    // Los Angeles: 23:30 PST on Sunday 1 November 2026.
    expect(localClock(new Date("2026-11-02T07:30:00Z"), "America/Los_Angeles")).toEqual({
      weekday: 7,
      minuteOfDay: 23 * 60 + 30,
      hour: 23,
    });
  });
});

describe("reflectionBodySchema", () => {
  it("asks a session for a mood and a missed slot for a reason", () => {
    const sessionId = "a".repeat(24);
    expect(reflectionBodySchema.safeParse({ kind: "session", sessionId }).success).toBe(false);
    expect(reflectionBodySchema.parse({ kind: "session", sessionId, mood: 5 })).toMatchObject({ shared: false });
    const slot = { kind: "missed_slot", slotId: sessionId, day: "2026-12-01" };
    expect(reflectionBodySchema.safeParse({ ...slot, reason: "bored" }).success).toBe(false);
    expect(reflectionBodySchema.parse({ ...slot, reason: "forgot" })).toMatchObject({ note: "" });
  });
});

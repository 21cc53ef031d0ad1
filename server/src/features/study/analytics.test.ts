import { describe, expect, it } from "vitest";
import { streakOf } from "./analytics.service";

describe("streakOf", () => {
  const days = (...list: string[]) => new Set(list);

  it("counts the run up to today, or up to yesterday while today is still open", () => {
    expect(streakOf(days("2026-12-03", "2026-12-04", "2026-12-05"), "2026-12-05")).toEqual({ current: 3, longest: 3 });
    expect(streakOf(days("2026-12-03", "2026-12-04"), "2026-12-05")).toEqual({ current: 2, longest: 2 });
    expect(streakOf(days("2026-12-02", "2026-12-03"), "2026-12-05")).toEqual({ current: 0, longest: 2 });
  });

  it("finds the longest run across month ends", () => {
    const studied = days("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-10");
    expect(streakOf(studied, "2026-03-10")).toEqual({ current: 1, longest: 4 });
  });
});

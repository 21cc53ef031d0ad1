import { describe, expect, it } from "vitest";
import { boardExpiresAt, boardName, boardsOf, parseBoardName, resolveBoard } from "./leaderboards.boards";

describe("boards", () => {
  it("puts an XP entry on global, course and class boards for its week, month and all time", () => {
    const names = boardsOf({ courseId: "c1", roomId: null, period: { week: "2026-W49", month: "2026-12" } }).map(
      boardName,
    );
    expect(names).toEqual([
      "global:-:week:2026-W49",
      "global:-:month:2026-12",
      "global:-:all:all",
      "course:c1:week:2026-W49",
      "course:c1:month:2026-12",
      "course:c1:all:all",
    ]);
  });

  it("reads names back, and refuses malformed ones from the wire", () => {
    expect(parseBoardName("class:abc:week:2027-W01")).toEqual({
      scope: "class",
      scopeId: "abc",
      period: "week",
      periodKey: "2027-W01",
    });
    expect(parseBoardName("global:-:all:all").scopeId).toBeNull();
    expect(() => parseBoardName("galaxy:-:all:all")).toThrow();
    expect(() => parseBoardName("global:-:week:tomorrow")).toThrow();
  });

  it("resolves this week on the viewer's calendar", () => {
    const now = new Date("2027-01-03T12:00:00Z"); // Sunday in UTC, Monday in Auckland
    const ref = { scope: "global" as const, period: "week" as const };
    expect(resolveBoard(ref, now, "UTC").periodKey).toBe("2026-W53");
    expect(resolveBoard(ref, now, "Pacific/Auckland").periodKey).toBe("2027-W01");
  });

  it("expires week boards 13 weeks and month boards about 13 months after they end; all-time never", () => {
    const week = boardExpiresAt({ scope: "global", scopeId: null, period: "week", periodKey: "2026-W49" });
    expect(new Date(week * 1000).toISOString()).toBe("2027-03-09T00:00:00.000Z");
    const month = boardExpiresAt({ scope: "global", scopeId: null, period: "month", periodKey: "2026-12" });
    expect(new Date(month * 1000).toISOString()).toBe("2028-02-06T00:00:00.000Z");
    expect(boardExpiresAt({ scope: "global", scopeId: null, period: "all", periodKey: "all" })).toBe(0);
  });
});

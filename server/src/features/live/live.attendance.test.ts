import { describe, expect, it } from "vitest";
import { mergeStretches, totalMinutes } from "./live.attendance";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 9, minute));

describe("attendance", () => {
  it("merges overlapping tabs, keeps gaps, and ends open stretches at the cut-off", () => {
    const merged = mergeStretches(
      [
        { joinedAt: at(30), leftAt: null },
        { joinedAt: at(0), leftAt: at(10) },
        { joinedAt: at(5), leftAt: at(15) },
        { joinedAt: at(20), leftAt: at(25) },
      ],
      at(40),
    );
    expect(merged).toEqual([
      { joinedAt: at(0), leftAt: at(15) },
      { joinedAt: at(20), leftAt: at(25) },
      { joinedAt: at(30), leftAt: at(40) },
    ]);
    expect(totalMinutes(merged)).toBe(30);
  });

  it("drops stretches that start after the cut-off and trims those that end after it", () => {
    const merged = mergeStretches(
      [
        { joinedAt: at(50), leftAt: at(55) },
        { joinedAt: at(35), leftAt: at(45) },
      ],
      at(40),
    );
    expect(merged).toEqual([{ joinedAt: at(35), leftAt: at(40) }]);
    expect(totalMinutes([{ joinedAt: at(0), leftAt: new Date(at(0).getTime() + 90_000) }])).toBe(1.5);
  });
});

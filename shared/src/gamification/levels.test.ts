import { describe, expect, it } from "vitest";
import { levelFor, levelProgress, levelStartXp } from "./levels";

describe("levels", () => {
  it("follows floor(sqrt(xp / 100)) + 1", () => {
    expect([0, 99, 100, 399, 400, 899, 900, 2500].map(levelFor)).toEqual([1, 1, 2, 2, 3, 3, 4, 6]);
  });

  it("changes exactly at 100·(L−1)², even for large levels", () => {
    for (const level of [2, 7, 31, 1000, 94_906]) {
      expect(levelFor(levelStartXp(level))).toBe(level);
      expect(levelFor(levelStartXp(level) - 1)).toBe(level - 1);
    }
  });

  it("reports progress to the next level", () => {
    expect(levelProgress(250)).toEqual({
      level: 2,
      levelStartXp: 100,
      nextLevelXp: 400,
      xpToNextLevel: 150,
      fraction: 0.5,
    });
  });
});

import { describe, expect, it } from "vitest";
import { planFrom, randomGroups } from "./breakouts.groups";

const ids = ["a", "b", "c", "d", "e", "f", "g"];
/** A fixed sequence, so the draw is the same on every run. */
const seeded = () => {
  let n = 0;
  return () => ((n++ * 0.618) % 1) as number;
};

describe("breakout groups", () => {
  it("draws groups of the size asked, spreading the remainder instead of leaving someone alone", () => {
    const groups = randomGroups(ids, 3, seeded());
    expect(groups.map((g) => g.length).sort()).toEqual([3, 4]);
    expect(groups.flat().sort()).toEqual(ids);
    expect(randomGroups(["a"], 3)).toEqual([["a"]]);
    expect(randomGroups([], 3)).toEqual([]);
  });

  it("plans named groups, refuses strangers, and keeps only current learners of a saved set", () => {
    const plan = planFrom({ kind: "manual", groups: [{ name: "Red", memberIds: ["a", "b"] }] }, ids, null);
    expect(plan.rooms).toEqual([{ key: "r1", name: "Red" }]);
    expect([...plan.assignments]).toEqual([
      ["a", "r1"],
      ["b", "r1"],
    ]);
    expect(() => planFrom({ kind: "manual", groups: [{ name: "X", memberIds: ["z"] }] }, ids, null)).toThrow();
    const saved = planFrom(
      { kind: "groupSet", groupSetId: "0".repeat(24) },
      ["a"],
      [{ name: "S", memberIds: ["a", "z"] }],
    );
    expect([...saved.assignments]).toEqual([["a", "r1"]]);
  });

  it("opens empty rooms for learners to choose from", () => {
    const plan = planFrom({ kind: "choice", roomCount: 2 }, ids, null);
    expect(plan).toMatchObject({ learnersChoose: true, rooms: [{ key: "r1" }, { key: "r2" }] });
    expect(plan.assignments.size).toBe(0);
  });
});

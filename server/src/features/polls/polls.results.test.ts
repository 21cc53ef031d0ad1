import { describe, expect, it } from "vitest";
import { forLearners, tally } from "./polls.results";

const ada = { userId: "a", displayName: "Ada", response: { choices: [0, 2] } };
const bea = { userId: "b", displayName: "Bea", response: { choices: [2] } };

describe("poll results", () => {
  it("counts picks per option and names who picked what in a named poll", () => {
    const results = tally({ kind: "multiple", options: ["x", "y", "z"], anonymous: false }, [bea, ada]);
    expect(results).toEqual({
      answered: 2,
      counts: [1, 0, 2],
      responses: [
        { user: { id: "a", displayName: "Ada" }, choices: [0, 2], text: null },
        { user: { id: "b", displayName: "Bea" }, choices: [2], text: null },
      ],
    });
    expect(forLearners("multiple", results).responses).toEqual([]);
  });

  it("lists no answers of an anonymous choice poll, and free-text answers without names", () => {
    const anonymous = { kind: "single", options: ["x", "y"], anonymous: true } as const;
    expect(tally(anonymous, [{ ...bea, displayName: null, response: { choices: [1] } }]).responses).toEqual([]);
    const texts = tally({ kind: "text", options: [], anonymous: false }, [
      { userId: "a", displayName: "Ada", response: { text: "loops" } },
    ]);
    expect(texts).toMatchObject({ answered: 1, counts: [] });
    expect(texts.responses[0]?.user?.displayName).toBe("Ada");
    expect(forLearners("text", texts).responses).toEqual([{ user: null, choices: [], text: "loops" }]);
  });
});

import { describe, expect, it } from "vitest";
import { choiceCounts, LIVE_QUIZ_MAX_POINTS, liveQuizAnswerSchema, liveQuizPoints, rankStandings } from "./live-quiz";
import type { QuizQuestion } from "./quiz";

describe("liveQuizPoints", () => {
  it("gives a right answer between half and all of the maximum, by the share of time left", () => {
    expect(liveQuizPoints(true, 20_000, 20_000)).toBe(LIVE_QUIZ_MAX_POINTS);
    expect(liveQuizPoints(true, 10_000, 20_000)).toBe(750);
    expect(liveQuizPoints(true, 0, 20_000)).toBe(500);
    expect(liveQuizPoints(true, 1, 3)).toBe(667);
  });

  it("gives a wrong answer nothing, however fast", () => {
    expect(liveQuizPoints(false, 20_000, 20_000)).toBe(0);
  });

  it("clamps clock noise: a little past the deadline or before the start", () => {
    expect(liveQuizPoints(true, -50, 20_000)).toBe(500);
    expect(liveQuizPoints(true, 20_050, 20_000)).toBe(1000);
  });

  it("always ranks a slow right answer above a fast wrong one", () => {
    expect(liveQuizPoints(true, 0, 5_000)).toBeGreaterThan(liveQuizPoints(false, 5_000, 5_000));
  });
});

describe("rankStandings", () => {
  it("orders by score; equal scores share a rank and the next rank skips", () => {
    const ranked = rankStandings([
      { id: "c", score: 500 },
      { id: "a", score: 1500 },
      { id: "b", score: 500 },
      { id: "d", score: 0 },
    ]);
    expect(ranked.map((p) => [p.id, p.rank])).toEqual([
      ["a", 1],
      ["c", 2],
      ["b", 2],
      ["d", 4],
    ]);
  });

  it("ranks nobody when nobody played", () => {
    expect(rankStandings([])).toEqual([]);
  });
});

describe("choiceCounts", () => {
  const single: QuizQuestion = {
    type: "single",
    id: "q1",
    prompt: "?",
    explanation: "",
    options: [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ],
    correctOptionId: "a",
  };

  it("counts each option, zero for those nobody picked, and ignores options the question lacks", () => {
    const counts = choiceCounts(single, [
      { type: "single", questionId: "q1", optionId: "a" },
      { type: "single", questionId: "q1", optionId: "a" },
      { type: "single", questionId: "q1", optionId: "zz" },
    ]);
    expect(counts).toEqual({ a: 2, b: 0 });
  });

  it("counts true and false, and a repeated option of a multiple choice once", () => {
    const tf: QuizQuestion = { type: "true_false", id: "q2", prompt: "?", explanation: "", correct: true };
    expect(choiceCounts(tf, [{ type: "true_false", questionId: "q2", value: false }])).toEqual({ true: 0, false: 1 });
    const multiple: QuizQuestion = { ...single, type: "multiple", correctOptionIds: ["a"] } as QuizQuestion;
    expect(choiceCounts(multiple, [{ type: "multiple", questionId: "q1", optionIds: ["b", "b"] }])).toEqual({
      a: 0,
      b: 1,
    });
  });
});

describe("liveQuizAnswerSchema", () => {
  it("takes the shared quiz answer, and refuses a question index past the longest quiz", () => {
    const base = { roomId: "a".repeat(24), sessionId: "b".repeat(24), questionIndex: 0 };
    const answer = { type: "true_false", questionId: "q1", value: true };
    expect(liveQuizAnswerSchema.safeParse({ ...base, answer }).success).toBe(true);
    expect(liveQuizAnswerSchema.safeParse({ ...base, questionIndex: 50, answer }).success).toBe(false);
    expect(liveQuizAnswerSchema.safeParse({ ...base, answer: { type: "true_false" } }).success).toBe(false);
  });
});

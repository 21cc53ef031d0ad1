import { describe, expect, it } from "vitest";
import { adjustGiftBudgetBodySchema, setTaskAllowanceBodySchema } from "./budgets";
import { createGiftBodySchema, shippingStepFrom } from "./gifts";
import { createGuardianTaskBodySchema, formatLinkCode, linkCodeSchema } from "./guardians";

describe("link codes", () => {
  it("accept what a person types: lower case, a dash, spaces", () => {
    expect(linkCodeSchema.parse(" abcd-ef23 ")).toBe("ABCDEF23");
    expect(linkCodeSchema.parse("ABCD EF23")).toBe("ABCDEF23");
    expect(formatLinkCode("ABCDEF23")).toBe("ABCD-EF23");
  });

  it("refuse letters that are easy to misread, and the wrong length", () => {
    for (const code of ["ABCDEF01", "ABCDEFGO", "ABCDEFGI", "ABCDEFG", "ABCDEFGHJ"]) {
      expect(linkCodeSchema.safeParse(code).success, code).toBe(false);
    }
  });
});

describe("guardian tasks", () => {
  const task = { question: "2 + 2?", choices: ["3", "4"], correctChoice: 1, points: 10 };

  it("need the right choice among the choices, each choice once", () => {
    expect(createGuardianTaskBodySchema.safeParse(task).success).toBe(true);
    expect(createGuardianTaskBodySchema.safeParse({ ...task, correctChoice: 2 }).success).toBe(false);
    expect(createGuardianTaskBodySchema.safeParse({ ...task, choices: ["4", " 4 "] }).success).toBe(false);
    expect(createGuardianTaskBodySchema.safeParse({ ...task, points: 0 }).success).toBe(false);
  });
});

describe("shipping", () => {
  it("moves forward one step at a time", () => {
    expect(shippingStepFrom("pending")).toBeNull();
    expect(shippingStepFrom("shipped")).toBe("pending");
    expect(shippingStepFrom("delivered")).toBe("shipped");
  });
});

describe("gift pricing and budgets", () => {
  const productId = "0123456789abcdef01234567";

  it("are the guardian's explicit choice for every gift: their budget or the learner's points, never a default", () => {
    for (const payer of ["budget", "learner"] as const) {
      expect(createGiftBodySchema.parse({ kind: "product", productId, threshold: 1, payer })).toMatchObject({ payer });
      expect(createGiftBodySchema.parse({ kind: "custom", title: "Kite", threshold: 1, payer })).toMatchObject({
        payer,
      });
    }
    const unchosen = createGiftBodySchema.safeParse({ kind: "custom", title: "Kite", threshold: 1 });
    expect(unchosen.success).toBe(false);
    expect(unchosen.error?.issues[0]).toMatchObject({ path: ["payer"], message: expect.stringContaining("who pays") });
    expect(createGiftBodySchema.safeParse({ kind: "product", productId, threshold: 1, payer: "nobody" }).success).toBe(
      false,
    );
  });

  it("change a gift budget by a non-zero amount under a request id, and set weekly task points or clear them", () => {
    expect(adjustGiftBudgetBodySchema.safeParse({ points: -50, requestId: "grant-0001" }).success).toBe(true);
    expect(adjustGiftBudgetBodySchema.safeParse({ points: 0, requestId: "grant-0001" }).success).toBe(false);
    expect(adjustGiftBudgetBodySchema.safeParse({ points: 50 }).success).toBe(false);
    expect(setTaskAllowanceBodySchema.safeParse({ pointsPerWeek: null }).success).toBe(true);
    expect(setTaskAllowanceBodySchema.safeParse({ pointsPerWeek: -1 }).success).toBe(false);
  });
});

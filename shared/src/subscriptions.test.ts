import { describe, expect, it } from "vitest";
import { discounted, monthlyCents, PLUS_PRICE_CENTS } from "./subscriptions";

describe("Plus prices", () => {
  it("counts a yearly plan as a twelfth of its price in MRR", () => {
    expect(monthlyCents("monthly")).toBe(PLUS_PRICE_CENTS.monthly);
    expect(monthlyCents("yearly", 12_000)).toBe(1_000);
  });

  it("takes a coupon's percent or amount off, never below zero", () => {
    expect(discounted(4000, { percentOff: 25, amountOffCents: null })).toBe(3000);
    expect(discounted(4000, { percentOff: null, amountOffCents: 1000 })).toBe(3000);
    expect(discounted(500, { percentOff: null, amountOffCents: 1000 })).toBe(0);
  });
});

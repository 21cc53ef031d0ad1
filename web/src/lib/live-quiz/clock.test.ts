import { describe, expect, it } from "vitest";
import { clockOffset, remainingMs } from "./clock";

describe("the live quiz's countdown", () => {
  it("counts on the server's clock, whatever this clock says", () => {
    const offset = clockOffset(1_000_000, 940_000);
    expect(offset).toBe(60_000);
    expect(remainingMs(1_020_000, offset, 940_000)).toBe(20_000);
    expect(remainingMs(1_020_000, offset, 955_000)).toBe(5_000);
  });

  it("never goes below zero", () => {
    expect(remainingMs(1_000, 0, 5_000)).toBe(0);
  });
});

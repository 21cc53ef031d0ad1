import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from "./recovery-codes";

describe("recovery codes", () => {
  it("are ten distinct codes of two groups of five, without look-alike characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/);
  });

  it("hash the same however they are typed, and differently per account", () => {
    const user = "a".repeat(24);
    const hash = hashRecoveryCode(user, "abcde-fghjk");
    expect(hashRecoveryCode(user, " ABCDE FGHJK ")).toBe(hash);
    expect(hashRecoveryCode(user, "abcdefghjk")).toBe(hash);
    expect(hashRecoveryCode("b".repeat(24), "abcde-fghjk")).not.toBe(hash);
    expect(hash).not.toContain("abcde");
  });
});

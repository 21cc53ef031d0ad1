import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box";

const box = new SecretBox("a-server-secret-of-at-least-32-characters");
const USER = "64b7f0c2a1b2c3d4e5f60718";

describe("SecretBox", () => {
  it("seals a secret so the stored value does not contain it, and opens it for the same account", () => {
    const sealed = box.seal(USER, "JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(box.open(USER, sealed)).toBe("JBSWY3DPEHPK3PXP");
    expect(box.seal(USER, "JBSWY3DPEHPK3PXP")).not.toBe(sealed);
  });

  it("refuses another account's secret, another key's, and an altered one", () => {
    const sealed = box.seal(USER, "JBSWY3DPEHPK3PXP");
    expect(() => box.open("64b7f0c2a1b2c3d4e5f60719", sealed)).toThrow();
    expect(() => new SecretBox("another-server-secret-of-32-characters!!").open(USER, sealed)).toThrow();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(() => box.open(USER, altered)).toThrow();
    expect(SecretBox.isSealed("JBSWY3DPEHPK3PXP")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { loginBodySchema, registerBodySchema } from "./accounts";

describe("registerBodySchema", () => {
  const valid = { email: "  Ada@Example.TEST ", password: "ten-chars!", displayName: " Ada " };

  it("normalises email and name and defaults the role to learner", () => {
    expect(registerBodySchema.parse(valid)).toEqual({
      email: "ada@example.test",
      password: "ten-chars!",
      displayName: "Ada",
      role: "learner",
    });
  });

  it("refuses short passwords, staff roles, unknown fields and bad emails", () => {
    expect(registerBodySchema.safeParse({ ...valid, password: "nine-char" }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, role: "instructor" }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, role: "admin" }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, isAdmin: true }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, email: "not-an-email" }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, email: { $gt: "" } }).success).toBe(false);
  });
});

describe("loginBodySchema", () => {
  it("refuses operator objects where strings belong", () => {
    expect(loginBodySchema.safeParse({ email: "a@b.test", password: { $ne: null } }).success).toBe(false);
  });
});

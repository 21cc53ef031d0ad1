import { describe, expect, it } from "vitest";
import { loginBodySchema, registerBodySchema, updateMeBodySchema } from "./accounts";

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

describe("updateMeBodySchema", () => {
  it("takes any of its fields, refuses none at all, unknown ones and unknown notification kinds", () => {
    expect(updateMeBodySchema.parse({ displayName: "  Ada  " })).toEqual({ displayName: "Ada" });
    expect(updateMeBodySchema.parse({ notificationsOff: ["order_status", "order_status"] })).toEqual({
      notificationsOff: ["order_status"],
    });
    expect(updateMeBodySchema.safeParse({}).success).toBe(false);
    expect(updateMeBodySchema.safeParse({ email: "a@b.test" }).success).toBe(false);
    expect(updateMeBodySchema.safeParse({ notificationsOff: ["spam"] }).success).toBe(false);
    expect(updateMeBodySchema.safeParse({ timeZone: "Mars/Olympus_Mons" }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { decodeMember, encodeMember, socketPrefix, userPrefix } from "./presence.members";

const userId = "a".repeat(24);

describe("presence members", () => {
  it("round-trips, and the node may contain the separator", () => {
    const member = { userId, socketId: "Xy-_z09AbCdEfGhIjKlM", nodeId: "node|1:eu" };
    const encoded = encodeMember(member);
    expect(encoded).toBe(`${userId}|Xy-_z09AbCdEfGhIjKlM|node|1:eu`);
    expect(decodeMember(encoded)).toEqual(member);
  });

  it("prefixes select a user's entries and one socket's entries from any node", () => {
    const onA = encodeMember({ userId, socketId: "s1", nodeId: "a" });
    const onB = encodeMember({ userId, socketId: "s1", nodeId: "b" });
    const other = encodeMember({ userId, socketId: "s10", nodeId: "a" });
    expect(onA.startsWith(socketPrefix(userId, "s1"))).toBe(true);
    expect(onB.startsWith(socketPrefix(userId, "s1"))).toBe(true);
    expect(other.startsWith(socketPrefix(userId, "s1"))).toBe(false);
    expect(other.startsWith(userPrefix(userId))).toBe(true);
    expect(onA.startsWith(userPrefix("a".repeat(23)))).toBe(false);
  });

  it("refuses parts that would make a member ambiguous", () => {
    expect(() => encodeMember({ userId: "u|1", socketId: "s", nodeId: "n" })).toThrow(/userId/);
    expect(() => encodeMember({ userId: "u", socketId: "s|x", nodeId: "n" })).toThrow(/socketId/);
    expect(() => encodeMember({ userId: "", socketId: "s", nodeId: "n" })).toThrow(/userId/);
    expect(() => encodeMember({ userId: "u", socketId: "s", nodeId: "" })).toThrow(/nodeId/);
  });

  it("refuses to decode what it did not encode", () => {
    for (const bad of ["", "u", "u|s", "u|s|", "|s|n", "u||n"]) expect(() => decodeMember(bad)).toThrow();
  });
});

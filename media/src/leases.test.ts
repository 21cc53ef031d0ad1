import { describe, expect, it } from "vitest";
import { NodeLeases } from "./leases";

describe("NodeLeases", () => {
  it("reports a node once its lease runs out, once, and renews on every sign of life", () => {
    const leases = new NodeLeases(1_000);
    leases.seen("a", 0);
    leases.seen("b", 0);
    leases.seen("b", 900);
    expect(leases.expire(1_000)).toEqual(new Set());
    expect(leases.expire(1_500)).toEqual(new Set(["a"]));
    expect(leases.expire(1_600)).toEqual(new Set());
    expect(leases.expire(2_000)).toEqual(new Set(["b"]));
    leases.seen("a", 3_000);
    expect(leases.expire(3_500)).toEqual(new Set());
  });
});

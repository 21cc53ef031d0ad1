import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, ORDER_TRANSITIONS, type OrderStatus, statusesBefore } from "./orders";
import { INSTRUCTOR_SHARE_PERCENT, instructorShare } from "./store";

describe("the order state machine", () => {
  it("ends only in refunded, and every status can reach it or is reached from pending", () => {
    expect(ORDER_STATUSES.filter((s) => ORDER_TRANSITIONS[s].length === 0)).toEqual(["refunded"]);
    const reachable = new Set<OrderStatus>(["pending"]);
    // A Set iterates over what is added while it iterates: this walks the whole graph.
    for (const from of reachable) for (const to of ORDER_TRANSITIONS[from]) reachable.add(to);
    expect([...reachable].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it("pays only pending or lapsed orders, fulfils only paid ones, and never leaves a refund", () => {
    expect(statusesBefore("paid")).toEqual(["pending", "failed", "expired"]);
    expect(statusesBefore("fulfilled")).toEqual(["paid"]);
    expect(statusesBefore("refunded")).toEqual(["refunding"]);
    expect(ORDER_TRANSITIONS.refunding).toEqual(["refunded"]);
  });
});

describe("instructorShare", () => {
  it(`is ${INSTRUCTOR_SHARE_PERCENT}% rounded down`, () => {
    expect(instructorShare(2000)).toBe(1600);
    expect(instructorShare(999)).toBe(799);
    expect(instructorShare(0)).toBe(0);
  });
});

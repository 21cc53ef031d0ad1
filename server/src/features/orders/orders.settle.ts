import type { AwardsService } from "../ledger/awards.service";
import { PointsLedger } from "../ledger/ledger.model";
import { hasMove, returnUnits, type StockMove, takeUnits } from "../store/stock.chain";
import { HOLDING, holdStart, type OrderState } from "./orders.chain";
import { revoke } from "./orders.grants";

/**
 * Stock taken for an order is keyed by the step it was taken for: the hold that step `k` begins
 * takes `take:k` and gives back `return:k`. So whoever finds units taken for a step that does not
 * begin the current hold (a sale that failed, lapsed or was refunded; a late payment that lost its
 * race) knows exactly which move to undo, and undoing it twice is one move.
 */
const takeKey = (state: OrderState, step: number) => `${state.order.id}:take:${step}`;
const returnKey = (state: OrderState, step: number) => `${state.order.id}:return:${step}`;

/** The points a points order spent (`order:<id>`) and gives back when it fails or is refunded. */
export const spendKey = (state: OrderState) => `order:${state.order.id}`;

/** Takes the order's units for the hold that step `step` begins (a course has none to take). */
export function takeStock(state: OrderState, step: number): Promise<StockMove> {
  const { kind, refId, quantity } = state.order.item;
  if (kind !== "product") return Promise.resolve("applied");
  return takeUnits(String(refId), takeKey(state, step), quantity);
}

/**
 * Makes everything outside the order agree with its head: units held only for the current hold,
 * points kept only while it holds, grants revoked once it is refunding. Idempotent, so a request,
 * a webhook and the recovery sweep may all run it; it also repairs what a crashed one left.
 */
export async function settle(state: OrderState, awards: Pick<AwardsService, "creditPoints">): Promise<void> {
  const { order, head } = state;
  if (order.item.kind === "product") {
    const keep = holdStart(state);
    // One past the head too: a late payment may have taken units for a step that another won.
    for (let step = 1; step <= head.seq + 1; step++) {
      if (step === keep || !(await hasMove(String(order.item.refId), takeKey(state, step)))) continue;
      await returnUnits(String(order.item.refId), returnKey(state, step), order.item.quantity);
    }
  }
  if (HOLDING.includes(head.status)) return;
  const userId = String(order.userId);
  if (order.payment.method === "points" && (await PointsLedger.exists({ userId, key: spendKey(state) }))) {
    await awards.creditPoints({
      userId,
      key: `refund:${spendKey(state)}`,
      amount: order.payment.points,
      reason: "store_refund",
    });
  }
  if (head.status === "refunding" || head.status === "refunded") await revoke(order);
}

import { ORDER_STATUSES, ORDER_TRANSITIONS, type OrderStatus } from "@chalkline/shared";
import mongoose from "mongoose";
import { appendAt, type ChainEntry, entryAt } from "../../platform/chain";
import { AppError } from "../../platform/errors";
import { countDaily } from "../analytics/analytics.counters";
import { Order, type OrderDoc } from "./orders.model";

/**
 * An order's steps, a chain (platform/chain.ts): step 1 is `pending`, each next step a status its
 * predecessor may move to (shared/src/orders.ts). Of concurrent callers moving an order on from the
 * same step, exactly one appends; the others are told no and read what happened instead. That is
 * the whole of the state machine's concurrency control: no multi-document transaction, and no
 * conditional update (which FerretDB does not make atomic).
 */
const orderStepSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: mongoose.Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    status: { type: String, enum: ORDER_STATUSES, required: true },
    at: { type: Date, required: true },
    /** Why it failed, lapsed or was refunded. */
    note: { type: String, default: null },
    /** What a failed order answers when it is asked for again. */
    failureCode: { type: String, default: null },
    /** A refund's admin; null for refunds made at Stripe. */
    refundBy: { type: mongoose.Schema.Types.ObjectId, default: null },
    /** The refund was made at Stripe already: no refund call is owed. */
    external: { type: Boolean, default: false },
  },
  { versionKey: false },
);
const OrderStep = mongoose.model("OrderStep", orderStepSchema, "orderSteps");

export interface OrderStep extends ChainEntry {
  status: OrderStatus;
  at: Date;
  note: string | null;
  failureCode: "out_of_stock" | "insufficient_points" | "unavailable" | null;
  refundBy: mongoose.Types.ObjectId | null;
  external: boolean;
}

export interface StepData {
  note?: string;
  failureCode?: NonNullable<OrderStep["failureCode"]>;
  refundBy?: string | null;
  external?: boolean;
}

/** An order with its steps; `head` is the last of them, its status. */
export interface OrderState {
  order: OrderDoc;
  steps: OrderStep[];
  head: OrderStep;
}

/** Holding statuses keep the order's units out of stock. */
export const HOLDING: readonly OrderStatus[] = ["pending", "paid", "fulfilled"];

/** Writes step 1 of a new order (again, harmlessly, if it is there). */
export async function startChain(order: OrderDoc): Promise<void> {
  await appendAt(OrderStep, order.id, 1, { orderId: order._id, status: "pending", at: order.createdAt });
}

/** Removes every step of an order whose own document is gone already. */
export async function dropChain(orderId: string): Promise<void> {
  await OrderStep.deleteMany({ orderId });
}

export async function readOrder(orderId: string): Promise<OrderState> {
  const order = await Order.findById(orderId);
  if (!order) throw new AppError("not_found", "no such order");
  return stateOf(order);
}

export async function stateOf(order: OrderDoc): Promise<OrderState> {
  let steps = await stepsOf(order.id);
  if (steps.length === 0) {
    // The order's own insert landed but its first step did not (a crash between the two).
    await startChain(order);
    steps = await stepsOf(order.id);
  }
  return { order, steps, head: steps.at(-1)! };
}

async function stepsOf(orderId: string): Promise<OrderStep[]> {
  const steps: OrderStep[] = [];
  for (let seq = 1; ; seq++) {
    const step = await entryAt<OrderStep>(OrderStep, orderId, seq);
    if (!step) return steps;
    steps.push(step);
  }
}

/**
 * Appends `to` after the head of `state` if the head may move there (and is `from`, when given).
 * True when this call appended it; false when the order had moved on or another caller won.
 */
export async function transition(state: OrderState, to: OrderStatus, data: StepData = {}, from?: OrderStatus) {
  const { order, head } = state;
  if (!ORDER_TRANSITIONS[head.status].includes(to) || (from && head.status !== from)) return false;
  const seq = head.seq + 1;
  if (!(await appendAt(OrderStep, order.id, seq, { orderId: order._id, status: to, at: new Date(), ...data }))) {
    return false;
  }
  await cacheHead(order, seq, to);
  countRevenue(state, to);
  return true;
}

/**
 * Card money into the day's revenue, counted by the one caller that appended the step: received
 * when the order is paid, returned when it is refunded. A refund of a payment that never made the
 * order `paid` (one that came after the order lapsed, or a refund at Stripe that overtook it) was
 * received all the same, so it counts as both.
 */
function countRevenue({ order, steps }: OrderState, to: OrderStatus): void {
  const cents = order.payment.method === "card" ? order.payment.cents : 0;
  if (!cents) return;
  const item = `${order.item.kind}:${order.item.refId}` as const;
  const received = { grossCents: cents, [`gross:${item}`]: cents };
  if (to === "paid") countDaily(received);
  if (to !== "refunded") return;
  const wasPaid = steps.some((step) => step.status === "paid");
  countDaily({ ...(wasPaid ? {} : received), refundCents: cents, [`refund:${item}`]: cents });
}

/** Refreshes the order's cached status (a hint for listings and the sweep; a lost write is redone later). */
export async function cacheHead(order: OrderDoc, seq: number, status: OrderStatus): Promise<void> {
  await Order.updateOne({ _id: order._id, statusSeq: { $lt: seq } }, { $set: { status, statusSeq: seq } });
}

/** Where the order's current hold of stock began: the step that moved it into a holding status. */
export function holdStart({ steps, head }: OrderState): number | null {
  if (!HOLDING.includes(head.status)) return null;
  let start = head.seq;
  while (start > 1 && HOLDING.includes(steps[start - 2]!.status)) start--;
  return start;
}

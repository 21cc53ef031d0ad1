/**
 * Orders: the one way the store sells anything. For the gifts feature, opening a gift is
 *
 *   const { order, head } = await orders.createOrder({
 *     userId: learnerId,
 *     item: { kind: "product", productId, quantity: 1 },  // or { kind: "course", courseId }
 *     payment: { method: "gift", giftId },                // paid for by the gift: nothing is charged here,
 *                                                         // the order records the points price
 *     requestId: `gift:${giftId}`,                        // asking again returns the same order
 *   });
 *   // head.status === "fulfilled": stock taken, entitlement (a course: enrolment) granted, order.id kept.
 *   // Throws AppError `out_of_stock` (nothing kept) or `not_found` (no such active product or course).
 *
 * Nothing is spent or fulfilled twice, without transactions: an order is a state machine whose steps
 * are a chain (orders.chain.ts), so of any callers moving it on from one step exactly one succeeds.
 * Every side effect is keyed, so repeating it is harmless: stock moves by the step they belong to
 * (orders.settle.ts, store/stock.chain.ts), points under `order:<id>` and `refund:order:<id>` on the
 * ledger, entitlements and earnings under the order's id, Stripe calls with idempotency keys.
 * `reconcile` reads the head, makes the world agree with it (compensating what a lost race or a
 * crash left: units, points, grants) and takes the next automatic step; a request, a retry, a
 * webhook, the success redirect and the recovery sweep all end in it, any number of times, in any order.
 */
import type { CardMode, OrderStatus, ShippingView } from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { User } from "../accounts/user.model";
import { recordAudit } from "../audit/audit.model";
import type { AwardsService } from "../ledger/awards.service";
import type { NotificationsService } from "../notifications/notifications.service";
import type { RoomSubscriber } from "../rooms/rooms.routes";
import type { CardGateway } from "./orders.card";
import { cacheHead, dropChain, type OrderState, readOrder, type StepData, transition } from "./orders.chain";
import { claimCourse } from "./orders.course-claims";
import { grant } from "./orders.grants";
import { Order } from "./orders.model";
import { orderNotice } from "./orders.notices";
import { type CreateOrderRequest, placeOrder } from "./orders.place";
import { settle, spendKey, takeStock } from "./orders.settle";

export type { CreateOrderRequest } from "./orders.place";

export interface RefundRequest {
  /** The admin who refunded; null for refunds made at Stripe. */
  by: string | null;
  reason: string;
  /** The money went back at Stripe already (a `charge.refunded` event). */
  external: boolean;
}

/** A refund made at Stripe may overtake the payment's own event, or follow a lapse. */
const REFUNDABLE_AT_STRIPE: readonly OrderStatus[] = ["pending", "paid", "fulfilled", "failed", "expired"];

/** Failures that refuse the purchase outright: nothing was paid, and no order is kept (see `#markRefused`). */
const REFUSALS: ReadonlyArray<string | null> = ["out_of_stock", "insufficient_points"];

export class OrdersService {
  constructor(
    private readonly deps: {
      awards: Pick<AwardsService, "spendPoints" | "creditPoints" | "cache">;
      card: CardGateway | null;
      subscribe: RoomSubscriber;
      currency: string;
      logger: Logger;
      /** Tells buyers of their orders' outcomes; absent, nobody is told. */
      notifications?: Pick<NotificationsService, "notify">;
    },
  ) {}

  get cardMode(): CardMode {
    return this.deps.card?.mode ?? "off";
  }

  /** Creates the order (or finds the one with this requestId) and takes it as far as it goes now. */
  async createOrder(req: CreateOrderRequest): Promise<OrderState> {
    if (req.payment.method === "card" && !this.deps.card) {
      throw new AppError("unavailable", "card payments are not set up on this server");
    }
    const order = await placeOrder(req, this.deps.currency, this.deps.awards.cache);
    const state = await this.reconcile(order.id);
    if (state.head.status === "failed") {
      throw new AppError(state.head.failureCode ?? "conflict", state.head.note ?? "the order failed");
    }
    return state;
  }

  /** Makes the world agree with the order's head and takes every automatic step from there. */
  async reconcile(orderId: string): Promise<OrderState> {
    for (;;) {
      const state = await readOrder(orderId);
      if (await this.#step(state)) continue;
      const settled = await readOrder(orderId);
      await cacheHead(settled.order, settled.head.seq, settled.head.status);
      return settled;
    }
  }

  /**
   * A card payment succeeded (webhook or success redirect). Honoured unless the order is refunded:
   * one that lapsed meanwhile takes its units again, or refunds the payment if they sold out.
   */
  async cardPaid(
    orderId: string,
    paymentIntentId: string | null,
    shipping: ShippingView | null = null,
  ): Promise<OrderState> {
    if (paymentIntentId) await Order.updateOne({ _id: orderId }, { $set: { "card.paymentIntentId": paymentIntentId } });
    // The address the buyer gave at Stripe's checkout; the first one recorded stays.
    if (shipping) await Order.updateOne({ _id: orderId, shipping: null }, { $set: { shipping } });
    for (;;) {
      const state = await readOrder(orderId);
      const from = state.head.status;
      if (from === "pending") {
        await transition(state, "paid", {}, from);
        continue;
      }
      if (from !== "failed" && from !== "expired") return this.reconcile(orderId);
      if ((await takeStock(state, state.head.seq + 1)) === "refused") {
        await transition(state, "refunding", { note: "paid after the order lapsed, and the item sold out" }, from);
      } else {
        await transition(state, "paid", {}, from);
      }
    }
  }

  /** A card payment will not come: the checkout expired or the payment failed. */
  async cardUnpaid(orderId: string, status: "expired" | "failed", note: string): Promise<OrderState> {
    const state = await readOrder(orderId);
    if (await transition(state, status, { note }, "pending")) await this.#tell(state, status, { note });
    return this.reconcile(orderId);
  }

  /** The success redirect: asks Stripe about a pending card order, and fulfils a paid one. */
  async syncCard(orderId: string): Promise<OrderState> {
    const state = await this.reconcile(orderId);
    const session = state.order.card;
    if (state.head.status !== "pending" || !session || !this.deps.card) return state;
    const payment = await this.deps.card.sessionState(session.sessionId);
    return payment.paid ? this.cardPaid(orderId, payment.paymentIntentId, payment.shipping) : state;
  }

  /** The cancel redirect and lapsed checkouts: closes the session so it cannot be paid, then lets go. */
  async expireCheckout(orderId: string, note: string): Promise<OrderState> {
    const state = await readOrder(orderId);
    const session = state.order.card;
    if (state.head.status !== "pending" || !session || !this.deps.card) return this.reconcile(orderId);
    const payment = await this.deps.card.sessionState(session.sessionId);
    if (payment.paid) return this.cardPaid(orderId, payment.paymentIntentId, payment.shipping);
    if (payment.open) await this.deps.card.expire(session.sessionId);
    return this.cardUnpaid(orderId, "expired", note);
  }

  /** An admin's refund of a paid order, or one made at Stripe (`external`), perhaps before its payment's event. */
  async refund(orderId: string, req: RefundRequest): Promise<OrderState> {
    for (;;) {
      const state = await readOrder(orderId);
      const from = state.head.status;
      if (from === "refunding" || from === "refunded") return this.reconcile(orderId);
      const refundable = req.external ? REFUNDABLE_AT_STRIPE : ["paid", "fulfilled"];
      if (!refundable.includes(from)) throw new AppError("conflict", `a ${from} order cannot be refunded`);
      const data: StepData = { note: req.reason, refundBy: req.by, external: req.external };
      if (await transition(state, "refunding", data, from)) {
        await recordAudit({
          actorId: req.by,
          action: req.external ? "order.refunded_at_stripe" : "order.refunded",
          targetId: orderId,
          details: { reason: req.reason, cents: state.order.payment.cents, points: state.order.payment.points },
        });
        return this.reconcile(orderId);
      }
    }
  }

  /**
   * One automatic step from the head; true when the order moved on, by this call or a concurrent
   * one (each step tried is allowed from the head read, so losing its append means someone won it).
   */
  async #step(state: OrderState): Promise<boolean> {
    const status = state.head.status;
    switch (status) {
      case "pending":
        return this.#advancePending(state);
      case "paid":
        if (state.order.item.kind === "course" && !(await claimCourse(state.order))) {
          return this.#moveOn(state, "refunding", { note: "this course was bought already: the payment goes back" });
        }
        await grant(state.order, this.deps.subscribe);
        return this.#moveOn(state, "fulfilled");
      case "refunding":
        await settle(state, this.deps.awards);
        await this.#refundCard(state);
        return this.#moveOn(state, "refunded");
      case "failed":
        await settle(state, this.deps.awards);
        await this.#markRefused(state);
        return false;
      case "fulfilled":
      case "expired":
      case "refunded":
        await settle(state, this.deps.awards);
        return false;
      default:
        return assertNever(status);
    }
  }

  async #advancePending(state: OrderState): Promise<boolean> {
    if ((await takeStock(state, 1)) === "refused") {
      return this.#fail(state, "out_of_stock", "sold out: not enough left in stock");
    }
    const method = state.order.payment.method;
    switch (method) {
      case "points":
        try {
          await this.deps.awards.spendPoints({
            userId: String(state.order.userId),
            key: spendKey(state),
            amount: state.order.payment.points,
            reason: "store_purchase",
          });
        } catch (error) {
          if (!(error instanceof AppError && error.code === "insufficient_points")) throw error;
          return this.#fail(state, error.code, error.message);
        }
        return this.#moveOn(state, "paid");
      case "gift":
        return this.#moveOn(state, "paid");
      case "card":
        if (state.order.card) return false; // waiting for the payment
        await this.#openCheckout(state);
        return true;
      default:
        return assertNever(method);
    }
  }

  /**
   * A purchase refused for want of stock or points that lost its race after the early checks
   * (orders.place.ts): it was never paid, so it is no order to its buyer or to admins. Its record
   * stays hidden until the recovery sweep forgets it; marked here, after settling, so that a crash
   * in between is repaired by the next reconcile.
   */
  async #markRefused({ order, head }: OrderState): Promise<void> {
    if (order.refusedAt || order.card || !REFUSALS.includes(head.failureCode)) return;
    await Order.updateOne({ _id: order._id, refusedAt: null }, { $set: { refusedAt: head.at } });
  }

  /** Removes a refused attempt for good, once nothing it took can still be outstanding (orders.recovery.ts). */
  async forgetRefused(orderId: string): Promise<void> {
    const { order } = await this.reconcile(orderId);
    if (!order.refusedAt) return;
    // The order first: with it gone no one reads its steps, which would otherwise be started again.
    await Order.deleteOne({ _id: order._id });
    await dropChain(order.id);
  }

  async #fail(state: OrderState, failureCode: NonNullable<StepData["failureCode"]>, note: string): Promise<boolean> {
    return this.#moveOn(state, "failed", { failureCode, note });
  }

  async #moveOn(state: OrderState, to: OrderStatus, data: StepData = {}): Promise<true> {
    if (await transition(state, to, data, state.head.status)) await this.#tell(state, to, data);
    return true;
  }

  /** Only the caller that appended a step tells the buyer, so each outcome is told once. */
  async #tell({ order }: OrderState, status: OrderStatus, data: StepData): Promise<void> {
    const notice = orderNotice(order, status, data);
    if (!notice || !this.deps.notifications) return;
    await this.deps.notifications.notify([String(order.userId)], { kind: "order_status", ...notice });
  }

  /** Records the order's Checkout session, or fails the order when none can be opened. */
  async #openCheckout(state: OrderState): Promise<void> {
    const { order } = state;
    const buyer = await User.findById(order.userId, { email: 1 });
    try {
      const session = await this.deps.card!.createCheckout({
        orderId: order.id,
        userId: String(order.userId),
        email: buyer?.email ?? "",
        name: order.item.name,
        quantity: order.item.quantity,
        unitCents: order.payment.cents / order.item.quantity,
        currency: order.payment.currency,
        collectShipping: order.item.ships,
      });
      // Every caller gets the same session (the idempotency key is the order's), so any may record it.
      await Order.updateOne({ _id: order._id }, { $set: { card: session } });
    } catch (error) {
      this.deps.logger.warn({ err: error, orderId: order.id }, "could not open a Stripe Checkout session");
      await this.#fail(state, "unavailable", "card payment could not be started; try again");
    }
  }

  async #refundCard({ order, head }: OrderState): Promise<void> {
    if (order.payment.method !== "card" || head.external) return;
    const intent = order.card?.paymentIntentId;
    if (!intent || !this.deps.card) throw new AppError("unavailable", "this card payment cannot be refunded from here");
    await this.deps.card.refund(order.id, intent);
  }
}

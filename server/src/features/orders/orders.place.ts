import { discounted, type OrderItem, type ShippingAddress } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { currentBalance } from "../ledger/balance.projection";
import type { LedgerCache } from "../ledger/ledger.cache";
import { stockOf } from "../store/stock.chain";
import { usableCoupon } from "../subscriptions/coupons";
import { startChain } from "./orders.chain";
import { Order, type OrderDoc } from "./orders.model";
import { charge, type PricedItem, priceItem } from "./orders.pricing";

/** Stripe's smallest charge in most currencies. */
const MIN_CARD_CENTS = 50;

export interface CreateOrderRequest {
  userId: string;
  item: OrderItem;
  payment: { method: "points" | "card" } | { method: "gift"; giftId: string };
  requestId: string;
  /** Where a physical product paid with points goes; card checkouts collect it at Stripe. */
  shipping?: ShippingAddress;
  /** A coupon for courses: a course's card price less its discount. */
  coupon?: string;
}

/**
 * The order `req` names: the one its requestId made before, or a new one. What cannot be bought now
 * (sold out, not enough points) is refused here, before anything is written, so a refusal leaves no
 * order behind. These reads may be stale by the time the order takes its units and points: those
 * moves stay the ones that decide (they never oversell or overdraw), and an order that loses there
 * is marked refused instead (orders.service.ts).
 */
export async function placeOrder(req: CreateOrderRequest, currency: string, ledger: LedgerCache): Promise<OrderDoc> {
  const existing = await Order.findOne({ userId: req.userId, requestId: req.requestId });
  if (existing) return sameRequest(existing, req);
  const priced = await priceItem(req.userId, req.item);
  const amount = await withCoupon(priced, req, charge(priced, req.payment.method));
  const shipping = shippingFor(priced, req);
  await refuseEarly(req.userId, priced, req.payment.method === "points" ? amount.points : 0, ledger);
  let order: OrderDoc;
  try {
    order = await Order.create({
      userId: req.userId,
      requestId: req.requestId,
      item: priced,
      payment: {
        method: req.payment.method,
        ...amount,
        currency,
        giftId: req.payment.method === "gift" ? req.payment.giftId : null,
      },
      shipping,
    });
  } catch (error) {
    // The same request, at the same moment: the other insert won.
    const winner = isDuplicateKey(error) && (await Order.findOne({ userId: req.userId, requestId: req.requestId }));
    if (!winner) throw error;
    return sameRequest(winner, req);
  }
  await startChain(order);
  return order;
}

/** The card price of a course less the coupon's discount; a coupon applies to nothing else. */
async function withCoupon(priced: PricedItem, req: CreateOrderRequest, amount: { points: number; cents: number }) {
  if (!req.coupon) return amount;
  if (priced.kind !== "course" || req.payment.method !== "card") {
    throw new AppError("invalid_payload", "coupon: coupons apply to courses paid by card");
  }
  const cents = discounted(amount.cents, await usableCoupon(req.coupon, "courses"));
  // Stripe takes no card payment of nothing; a course free for the buyer is a matter for an admin.
  if (cents < MIN_CARD_CENTS) throw new AppError("invalid_payload", "coupon: it leaves too little to pay by card");
  return { ...amount, cents };
}

/** A points order of something that ships needs its address now; a card checkout asks for it. */
function shippingFor(priced: PricedItem, req: CreateOrderRequest): ShippingAddress | null {
  if (!priced.ships) {
    if (req.shipping) throw new AppError("invalid_payload", "shipping: only physical products are shipped");
    return null;
  }
  if (req.payment.method === "card") {
    if (req.shipping) throw new AppError("invalid_payload", "shipping: the card checkout asks for the address");
    return null;
  }
  if (req.payment.method === "points" && !req.shipping) {
    throw new AppError("invalid_payload", "shipping: a physical product needs the address to ship it to");
  }
  return req.shipping ?? null;
}

async function refuseEarly(userId: string, priced: PricedItem, points: number, ledger: LedgerCache): Promise<void> {
  if (priced.kind === "product" && (await stockOf(priced.refId)) < priced.quantity) {
    throw new AppError("out_of_stock", "sold out: not enough left in stock");
  }
  if (points > 0) {
    const balance = (await currentBalance(ledger, userId)).points.total;
    if (balance < points) {
      throw new AppError("insufficient_points", `this needs ${points} points; the balance is ${balance}`);
    }
  }
}

/** A requestId names one purchase: reusing it for something else is refused. */
function sameRequest(order: OrderDoc, req: CreateOrderRequest): OrderDoc {
  const refId = req.item.kind === "product" ? req.item.productId : req.item.courseId;
  if (String(order.item.refId) !== refId || order.payment.method !== req.payment.method) {
    throw new AppError("conflict", "this requestId was used for another purchase");
  }
  return order;
}

import { z } from "zod";
import { objectIdSchema, requestIdSchema } from "./accounts";
import { shippingAddressSchema, shippingViewSchema } from "./shipping";
import { MAX_ORDER_QUANTITY } from "./store";
import { couponCodeSchema } from "./subscriptions";

/**
 * An order's life. Every change is one guarded update of the order document (its status must still
 * be one the table below allows to move on), so concurrent webhooks, redirects and retries agree on
 * one winner for each step.
 *
 * pending ─▶ paid ─▶ fulfilled          the happy path (points and gifts pass `pending` at once)
 * pending ─▶ failed | expired           not paid: units go back to stock
 * failed | expired ─▶ paid              a card payment that arrived late is honoured
 * any paid-for state ─▶ refunding ─▶ refunded
 */
export const ORDER_STATUSES = ["pending", "paid", "fulfilled", "failed", "expired", "refunding", "refunded"] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ["paid", "failed", "expired", "refunding"],
  paid: ["fulfilled", "refunding"],
  fulfilled: ["refunding"],
  failed: ["paid", "refunding"],
  expired: ["paid", "refunding"],
  refunding: ["refunded"],
  refunded: [],
};

/** The statuses an order may move to `to` from. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => ORDER_TRANSITIONS[from].includes(to));
}

export const PAYMENT_METHODS = ["points", "card", "gift"] as const;
export const paymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const orderItemSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("product"),
    productId: objectIdSchema,
    quantity: z.number().int().min(1).max(MAX_ORDER_QUANTITY).default(1),
  }),
  z.strictObject({ kind: z.literal("course"), courseId: objectIdSchema }),
]);
export type OrderItem = z.infer<typeof orderItemSchema>;

/** POST /api/orders — gifts are created by the gifts feature through OrdersService, not over HTTP. */
export const createOrderBodySchema = z.strictObject({
  item: orderItemSchema,
  payWith: z.enum(["points", "card"]),
  requestId: requestIdSchema,
  /** Where a physical product paid with points goes; a card checkout asks for it at Stripe instead. */
  shipping: shippingAddressSchema.optional(),
  /** A coupon for courses, taken off a course's card price. */
  coupon: couponCodeSchema.optional(),
});
export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;

export const orderViewSchema = z.object({
  id: z.string(),
  status: orderStatusSchema,
  item: z.object({
    kind: z.enum(["product", "course"]),
    /** The product's or the course's id. */
    refId: z.string(),
    name: z.string(),
    quantity: z.number(),
    /** A physical product, shipped to `shipping`. */
    ships: z.boolean(),
  }),
  payment: z.object({
    method: paymentMethodSchema,
    points: z.number(),
    cents: z.number(),
    currency: z.string(),
  }),
  buyer: z.object({ id: z.string(), displayName: z.string() }),
  /** Where it ships; null for what does not, and for a card order until its payment brings the address. */
  shipping: shippingViewSchema.nullable(),
  /** Why the order failed or was refunded. */
  note: z.string().nullable(),
  history: z.array(z.object({ status: orderStatusSchema, at: z.string() })),
  createdAt: z.string(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

/** What creating an order answers: for card payments, the Stripe Checkout page to send the buyer to. */
export const checkoutViewSchema = z.object({ order: orderViewSchema, checkoutUrl: z.string().nullable() });
export type CheckoutView = z.infer<typeof checkoutViewSchema>;

/** GET /api/orders — one's own orders; admins may list everyone's (`all`) and filter by status. */
export const ordersQuerySchema = z.strictObject({
  scope: z.enum(["mine", "all"]).default("mine"),
  status: orderStatusSchema.optional(),
  before: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;
export const orderPageSchema = z.object({ orders: z.array(orderViewSchema), nextBefore: z.string().nullable() });
export type OrderPage = z.infer<typeof orderPageSchema>;

/**
 * POST /api/orders/:id/test-payment — against stripe-mock only, whose checkout page does not exist:
 * stands in for paying at Stripe, with the address Stripe would have collected for a physical product.
 */
export const testPaymentBodySchema = z.strictObject({ shipping: shippingAddressSchema.optional() });
export type TestPaymentBody = z.infer<typeof testPaymentBodySchema>;

/** POST /api/orders/:id/refund (admins). */
export const refundBodySchema = z.strictObject({ reason: z.string().trim().min(3).max(200) });

/** An instructor's share of their courses' sales; refunded sales are reversed. */
export const earningsViewSchema = z.object({
  totalCents: z.number(),
  totalPoints: z.number(),
  currency: z.string(),
  sales: z.array(
    z.object({
      orderId: z.string(),
      courseTitle: z.string(),
      cents: z.number(),
      points: z.number(),
      at: z.string(),
      reversed: z.boolean(),
    }),
  ),
});
export type EarningsView = z.infer<typeof earningsViewSchema>;

import {
  checkoutViewSchema,
  createOrderBodySchema,
  orderPageSchema,
  ordersQuerySchema,
  orderViewSchema,
  refundBodySchema,
  testPaymentBodySchema,
} from "@chalkline/shared";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const order = (op: Omit<ApiOperation, "auth">): ApiOperation => ({ ...op, auth: "bearer" });

/** orders.routes.ts. */
export const ordersApi: ApiSection = {
  tag: "orders",
  description: "Buying with points or by card, one's orders and their states, checkout redirects, refunds.",
  operations: [
    order({
      method: "post",
      path: "/api/orders",
      summary: "Places an order; a card order answers the checkout URL. A retried request id answers the first order",
      body: createOrderBodySchema,
      responses: { 201: checkoutViewSchema },
      errors: ["insufficient_points", "out_of_stock", "conflict", "payment_required"],
    }),
    order({
      method: "get",
      path: "/api/orders",
      summary: "The caller's orders, newest first (admins: everyone's with scope=all)",
      query: ordersQuerySchema,
      responses: { 200: orderPageSchema },
    }),
    order({ method: "get", path: "/api/orders/:id", summary: "One order", responses: { 200: orderViewSchema } }),
    order({
      method: "post",
      path: "/api/orders/:id/sync",
      summary: "Settles a card order with Stripe now (the checkout success page)",
      responses: { 200: orderViewSchema },
      errors: ["conflict"],
    }),
    order({
      method: "post",
      path: "/api/orders/:id/cancel",
      summary: "Closes the checkout and gives the units back (the checkout cancel page)",
      responses: { 200: orderViewSchema },
      errors: ["conflict"],
    }),
    order({
      method: "post",
      path: "/api/orders/:id/test-payment",
      summary: "Pays a card order as Stripe's checkout would; only on servers using stripe-mock",
      body: testPaymentBodySchema,
      responses: { 200: orderViewSchema },
      errors: ["conflict"],
    }),
    order({
      method: "post",
      path: "/api/orders/:id/refund",
      summary: "Refunds a paid order",
      roles: ["admin"],
      body: refundBodySchema,
      responses: { 200: orderViewSchema },
      errors: ["conflict"],
    }),
  ],
};

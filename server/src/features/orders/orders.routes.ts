import {
  type CheckoutView,
  createOrderBodySchema,
  type OrderPage,
  objectIdSchema,
  ordersQuerySchema,
  refundBodySchema,
  type TestPaymentBody,
  testPaymentBodySchema,
} from "@chalkline/shared";
import { type Request, Router } from "express";
import type { QueryFilter } from "mongoose";
import { AppError, parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { Actor } from "../rooms/rooms.access";
import { type OrderState, readOrder, stateOf } from "./orders.chain";
import { Order, type OrderDoc } from "./orders.model";
import type { OrdersService } from "./orders.service";
import { toOrderView, toOrderViews } from "./orders.view";

const orderIdOf = (req: Request) => parseOrThrow(objectIdSchema, req.params.id);

/** The buyer's order; admins may read (not act on) everyone's. */
async function orderFor(actor: Actor, orderId: string, admins = false): Promise<OrderState> {
  const state = await readOrder(orderId);
  // A refused attempt is no order (orders.service.ts `#markRefused`).
  if (state.order.refusedAt || (String(state.order.userId) !== actor.id && !(admins && actor.role === "admin"))) {
    throw new AppError("not_found", "no such order");
  }
  return state;
}

/** Pays a card order as Stripe would; only on servers using stripe-mock (payments/stripe.test-payments.ts). */
export type TestPayer = (orderId: string, body: TestPaymentBody) => Promise<void>;

/** `/api/orders/*`: buying, one's orders and their states, the checkout redirects, admin refunds. */
export function ordersRoutes(orders: OrdersService, accounts: AccountsService, testPay: TestPayer | null): Router {
  const router = Router();
  router.use(requireUser(accounts));

  router.post("/", async (req, res) => {
    const body = parseOrThrow(createOrderBodySchema, req.body);
    const placed = await orders.createOrder({
      userId: res.locals.user.id,
      item: body.item,
      payment: { method: body.payWith },
      requestId: body.requestId,
      shipping: body.shipping,
      coupon: body.coupon,
    });
    const checkoutUrl = placed.head.status === "pending" ? (placed.order.card?.url ?? null) : null;
    const answer: CheckoutView = { order: await toOrderView(placed), checkoutUrl };
    res.status(201).json(answer);
  });

  router.get("/", async (req, res) => {
    const query = parseOrThrow(ordersQuerySchema, req.query);
    const user = res.locals.user;
    if (query.scope === "all" && user.role !== "admin") throw new AppError("forbidden", "only admins see every order");
    const filter: QueryFilter<OrderDoc> =
      query.scope === "all" ? { refusedAt: null } : { userId: user.id, refusedAt: null };
    // The cached status: a filter may lag a step behind, the views never do (they read the chain).
    if (query.status) filter.status = query.status;
    if (query.before) filter._id = { $lt: query.before };
    const found = await Order.find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1);
    const page: OrderPage = {
      orders: await toOrderViews(await Promise.all(found.slice(0, query.limit).map(stateOf))),
      nextBefore: found.length > query.limit ? found[query.limit - 1]!.id : null,
    };
    res.json(page);
  });

  router.get("/:id", async (req, res) => {
    res.json(await toOrderView(await orderFor(res.locals.user, orderIdOf(req), true)));
  });

  /** The checkout success page: settles the order with Stripe now rather than waiting for the webhook. */
  router.post("/:id/sync", async (req, res) => {
    const { order } = await orderFor(res.locals.user, orderIdOf(req));
    res.json(await toOrderView(await orders.syncCard(order.id)));
  });

  /** The checkout cancel page: closes the session and gives the units back. */
  router.post("/:id/cancel", async (req, res) => {
    const { order } = await orderFor(res.locals.user, orderIdOf(req));
    res.json(await toOrderView(await orders.expireCheckout(order.id, "cancelled at checkout")));
  });

  /** stripe-mock's stand-in for paying at Stripe's checkout page, which it does not have. */
  router.post("/:id/test-payment", async (req, res) => {
    if (!testPay) throw new AppError("not_found", "test payments exist only on servers using stripe-mock");
    const body = parseOrThrow(testPaymentBodySchema, req.body ?? {});
    const { order } = await orderFor(res.locals.user, orderIdOf(req));
    await testPay(order.id, body);
    res.json(await toOrderView(await orders.reconcile(order.id)));
  });

  router.post("/:id/refund", requireRole("admin"), async (req, res) => {
    const { reason } = parseOrThrow(refundBodySchema, req.body);
    res.json(
      await toOrderView(await orders.refund(orderIdOf(req), { by: res.locals.user.id, reason, external: false })),
    );
  });

  return router;
}

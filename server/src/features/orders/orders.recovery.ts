import { Order } from "./orders.model";
import type { OrdersService } from "./orders.service";

/** An order untouched this long has lost the request that was driving it. */
const STALE_MS = 30_000;
/** How long after an order stops holding stock a request that read it earlier may still take some. */
const SETTLE_WINDOW_MS = 60 * 60_000;
/** A checkout this long past its expiry has had every chance of a late webhook. */
const CHECKOUT_GRACE_MS = 5 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;
const BATCH = 100;

/**
 * Finishes what crashed nodes and lost webhooks left half done: orders in flight (pending without a
 * checkout, paid, refunding), orders that stopped holding stock lately (a request that read them
 * before may have taken units or points since), checkouts long expired, and refused attempts past
 * that window, which are then removed. It picks orders by their
 * cached status, which may lag but is never ahead of the chain; every step it repeats is keyed, so
 * all nodes may sweep at once.
 */
export async function recoverOrders(
  orders: OrdersService,
  onError: (error: unknown) => void,
  now = new Date(),
): Promise<number> {
  const stale = new Date(now.getTime() - STALE_MS);
  const stuck = await Order.find(
    {
      updatedAt: { $lt: stale },
      $or: [
        { status: { $in: ["paid", "refunding"] } },
        { status: "pending", card: null },
        {
          status: { $in: ["failed", "expired", "refunded"] },
          updatedAt: { $gt: new Date(now.getTime() - SETTLE_WINDOW_MS) },
        },
      ],
    },
    { _id: 1 },
  ).limit(BATCH);
  const lapsed = await Order.find(
    { status: "pending", "card.expiresAt": { $lt: new Date(now.getTime() - CHECKOUT_GRACE_MS) } },
    { _id: 1 },
  ).limit(BATCH);
  // Refused attempts are kept hidden through the same window, for the same late requests, then go.
  const refused = await Order.find(
    { refusedAt: { $lt: new Date(now.getTime() - SETTLE_WINDOW_MS) } },
    { _id: 1 },
  ).limit(BATCH);
  // One order that cannot move on (Stripe down, say) must not hold up the others.
  for (const { id } of stuck) await orders.reconcile(id).catch(onError);
  for (const { id } of lapsed) await orders.expireCheckout(id, "the checkout expired unpaid").catch(onError);
  for (const { id } of refused) await orders.forgetRefused(id).catch(onError);
  return stuck.length + lapsed.length + refused.length;
}

/** Sweeps now and every minute until the returned function is called. */
export function startOrderRecovery(orders: OrdersService, onError: (error: unknown) => void): () => void {
  const run = () => void recoverOrders(orders, onError).catch(onError);
  run();
  const timer = setInterval(run, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

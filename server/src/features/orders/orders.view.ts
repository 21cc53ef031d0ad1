import type { EarningsView, OrderView, ShippingView } from "@chalkline/shared";
import { userRefs } from "../rooms/rooms.view";
import type { OrderState } from "./orders.chain";
import { Earning, type OrderDoc } from "./orders.model";

const MAX_SALES_LISTED = 100;

export async function toOrderViews(states: OrderState[]): Promise<OrderView[]> {
  const buyers = await userRefs(states.map((s) => String(s.order.userId)));
  return states.map(({ order: o, steps, head }) => ({
    id: o.id,
    status: head.status,
    item: {
      kind: o.item.kind,
      refId: String(o.item.refId),
      name: o.item.name,
      quantity: o.item.quantity,
      ships: o.item.ships,
    },
    payment: {
      method: o.payment.method,
      points: o.payment.points,
      cents: o.payment.cents,
      currency: o.payment.currency,
    },
    buyer: { id: String(o.userId), displayName: buyers.get(String(o.userId))?.displayName ?? "—" },
    shipping: o.shipping ? shippingView(o.shipping) : null,
    note: steps.findLast((step) => step.note)?.note ?? null,
    history: steps.map((step) => ({ status: step.status, at: step.at.toISOString() })),
    createdAt: o.createdAt.toISOString(),
  }));
}

/** The stored address without the empty parts mongoose keeps. */
function shippingView(s: NonNullable<OrderDoc["shipping"]>): ShippingView {
  return {
    name: s.name,
    line1: s.line1,
    ...(s.line2 ? { line2: s.line2 } : {}),
    city: s.city,
    ...(s.state ? { state: s.state } : {}),
    postalCode: s.postalCode,
    country: s.country,
  };
}

export async function toOrderView(state: OrderState): Promise<OrderView> {
  const [view] = await toOrderViews([state]);
  return view!;
}

/** An instructor's share of their course sales, newest first; refunded sales count for nothing. */
export async function earningsOf(instructorId: string, currency: string): Promise<EarningsView> {
  const earnings = await Earning.find({ instructorId }).sort({ createdAt: -1 });
  const kept = earnings.filter((e) => !e.reversedAt);
  return {
    totalCents: kept.reduce((sum, e) => sum + e.cents, 0),
    totalPoints: kept.reduce((sum, e) => sum + e.points, 0),
    currency,
    sales: earnings.slice(0, MAX_SALES_LISTED).map((e) => ({
      orderId: String(e._id),
      courseTitle: e.courseTitle,
      cents: e.cents,
      points: e.points,
      at: e.createdAt.toISOString(),
      reversed: Boolean(e.reversedAt),
    })),
  };
}

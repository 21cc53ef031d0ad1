import type { OrderStatus, Wording } from "@chalkline/shared";
import type { StepData } from "./orders.chain";
import type { OrderDoc } from "./orders.model";

/**
 * What the buyer is told when their order reaches `status`, or null when there is nothing to tell:
 * steps on the way (paid, refunding), gifts (the gift's own notices cover them), and purchases
 * refused outright, which the buyer was answered at once and which leave no order behind.
 */
export function orderNotice(
  order: OrderDoc,
  status: OrderStatus,
  data: StepData,
): { text: string; wording: Wording } | null {
  if (order.payment.method === "gift") return null;
  const told = (text: string) => ({ text, wording: { id: `order_${status}`, params: { item: order.item.name } } });
  const item = `“${order.item.name}”`;
  switch (status) {
    case "fulfilled":
      return told(`Your order of ${item} is complete.`);
    case "failed":
      return data.failureCode === "unavailable" ? told(`Your order of ${item} could not be completed.`) : null;
    case "expired":
      return told(`Your order of ${item} lapsed: its payment did not arrive in time.`);
    case "refunded":
      return told(`Your order of ${item} was refunded.`);
    default:
      return null;
  }
}

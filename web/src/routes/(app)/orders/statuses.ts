import type { OrderStatus } from "@chalkline/shared";

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Awaiting payment",
  paid: "Paid",
  fulfilled: "Done",
  failed: "Failed",
  expired: "Expired",
  refunding: "Refunding",
  refunded: "Refunded",
};

/** A step in an order's history: its first is when it was placed, whatever the payment. */
export const STEP_LABELS: Record<OrderStatus, string> = { ...STATUS_LABELS, pending: "Placed" };

/** What a buyer is told about an order in each status. */
export const STATUS_HINTS: Record<OrderStatus, string> = {
  pending: "We are waiting for the payment to be confirmed.",
  paid: "Paid — your purchase is being delivered.",
  fulfilled: "Paid and delivered. Enjoy!",
  failed: "This order did not go through; nothing was charged.",
  expired: "The checkout closed before payment; nothing was charged.",
  refunding: "A refund is on its way.",
  refunded: "Refunded.",
};

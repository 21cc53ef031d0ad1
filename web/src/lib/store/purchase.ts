import type { CardMode, CheckoutView, OrderItem } from "@chalkline/shared";
import { storeApi } from "$lib/api";

/**
 * Buys `item`. Points orders come back settled (fulfilled, or an error such as `insufficient_points`).
 * Card orders send the browser to Stripe Checkout — except against stripe-mock, whose checkout page
 * does not exist: the success page then shows the order waiting for its payment.
 */
export async function purchase(item: OrderItem, payWith: "points" | "card", cardMode: CardMode): Promise<CheckoutView> {
  const placed = await storeApi.buy({ item, payWith, requestId: crypto.randomUUID() });
  if (payWith === "card" && placed.checkoutUrl) {
    const success = `/store/checkout/success?order=${encodeURIComponent(placed.order.id)}`;
    window.location.assign(cardMode === "mock" ? `${success}&mock=1` : placed.checkoutUrl);
  }
  return placed;
}

import type { CardMode, CheckoutView, OrderItem, ShippingAddress } from "@chalkline/shared";
import { storeApi } from "$lib/api";

/**
 * Buys `item` (a physical product with points: shipped to `shipping`). Points orders come back
 * settled (fulfilled, or an error such as `insufficient_points`). Card orders send the browser to
 * Stripe Checkout — except against stripe-mock, whose checkout page does not exist: our test
 * checkout page stands in for it.
 */
export async function purchase(
  item: OrderItem,
  payWith: "points" | "card",
  cardMode: CardMode,
  shipping?: ShippingAddress,
): Promise<CheckoutView> {
  const placed = await storeApi.buy({ item, payWith, requestId: crypto.randomUUID(), shipping });
  if (payWith === "card" && placed.checkoutUrl) {
    const test = `/store/checkout/test?order=${encodeURIComponent(placed.order.id)}`;
    window.location.assign(cardMode === "mock" ? test : placed.checkoutUrl);
  }
  return placed;
}

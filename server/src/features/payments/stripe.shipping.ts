import type { ShippingView } from "@chalkline/shared";
import { z } from "zod";

const addressSchema = z.object({
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  postal_code: z.string().nullish(),
  country: z.string().nullish(),
});
const detailsSchema = z.object({ name: z.string().nullish(), address: addressSchema.nullish() }).nullish();

/**
 * Where a Checkout session keeps the address it collected: `collected_information.shipping_details`
 * in current API versions, `shipping_details` on the session itself in older ones.
 */
const sessionShippingSchema = z.object({
  collected_information: z.object({ shipping_details: detailsSchema }).nullish(),
  shipping_details: detailsSchema,
});

/** The address a Checkout session collected, or null when it collected none. */
export function shippingOf(session: unknown): ShippingView | null {
  const parsed = sessionShippingSchema.safeParse(session);
  if (!parsed.success) return null;
  const details = parsed.data.collected_information?.shipping_details ?? parsed.data.shipping_details;
  const address = details?.address;
  if (!details?.name || !address?.line1 || !address.country) return null;
  return {
    name: details.name,
    line1: address.line1,
    ...(address.line2 ? { line2: address.line2 } : {}),
    city: address.city ?? "",
    ...(address.state ? { state: address.state } : {}),
    postalCode: address.postal_code ?? "",
    country: address.country,
  };
}

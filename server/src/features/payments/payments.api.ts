import { stripeWebhookAnswerSchema } from "@chalkline/shared";
import type { ApiSection } from "../../platform/api-description";
import { STRIPE_WEBHOOK_PATH } from "./payments.routes";

/** payments.routes.ts. */
export const paymentsApi: ApiSection = {
  tag: "payments",
  description: "Stripe's webhook.",
  operations: [
    {
      method: "post",
      path: STRIPE_WEBHOOK_PATH,
      summary: "A Stripe event, raw and signed (Stripe-Signature); each applied once",
      auth: "stripe_signature",
      responses: { 200: stripeWebhookAnswerSchema },
    },
  ],
};

import type { StripeWebhookAnswer } from "@chalkline/shared";
import { Router } from "express";
import { AppError } from "../../platform/errors";
import type { StripeWebhooks } from "./stripe.webhooks";

/** Where Stripe posts events; the body arrives raw (see `rawBodyPaths` in platform/http.ts). */
export const STRIPE_WEBHOOK_PATH = "/api/payments/stripe/webhook";

/** Stripe's webhook, mounted at STRIPE_WEBHOOK_PATH; no session: the signature is the authentication. */
export function paymentsRoutes(webhooks: StripeWebhooks | null): Router {
  const router = Router();
  router.post("/", async (req, res) => {
    if (!webhooks) throw new AppError("not_found", "card payments are off on this server");
    if (!Buffer.isBuffer(req.body)) throw new AppError("invalid_payload", "expected the event's raw bytes");
    const outcome = await webhooks.receive(req.body, req.get("stripe-signature"));
    res.json({ received: true, outcome } satisfies StripeWebhookAnswer);
  });
  return router;
}

import { z } from "zod";

/** What became of a Stripe event: applied, a delivery of one already applied, or not one we act on. */
export const webhookOutcomeSchema = z.enum(["handled", "duplicate", "ignored"]);
export type WebhookOutcome = z.infer<typeof webhookOutcomeSchema>;

/** Answer to POST /api/payments/stripe/webhook. */
export const stripeWebhookAnswerSchema = z.object({ received: z.literal(true), outcome: webhookOutcomeSchema });
export type StripeWebhookAnswer = z.infer<typeof stripeWebhookAnswerSchema>;

import { objectIdSchema, type WebhookOutcome } from "@chalkline/shared";
import { z } from "zod";
import { AppError, parseOrThrow } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { isDuplicateKey } from "../../platform/mongo";
import { Order } from "../orders/orders.model";
import type { OrdersService } from "../orders/orders.service";
import type { SubscriptionEvents } from "../subscriptions/subscriptions.events";
import { StripeEvent } from "./payments.model";
import type { StripeGateway } from "./stripe.gateway";
import { shippingOf } from "./stripe.shipping";

const metadataSchema = z.record(z.string(), z.string()).nullish();
const intentSchema = z.union([z.string(), z.object({ id: z.string() })]).nullish();

/** The parts of a Checkout session event the store reads. */
const sessionSchema = z.object({
  id: z.string(),
  client_reference_id: z.string().nullish(),
  metadata: metadataSchema,
  payment_status: z.string(),
  payment_intent: intentSchema,
});
const chargeSchema = z.object({
  payment_intent: intentSchema,
  /** True once the whole amount is refunded. */
  refunded: z.boolean(),
  metadata: metadataSchema,
});
const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number(),
  data: z.object({ object: z.unknown() }),
});
type StripeEventBody = z.infer<typeof eventSchema>;

export type { WebhookOutcome };

const intentId = (intent: z.infer<typeof intentSchema>) => (typeof intent === "string" ? intent : (intent?.id ?? null));
/** Our order's id as we put it on the session and its payment, when it is one. */
const orderIdIn = (...candidates: Array<string | null | undefined>) =>
  candidates.find((c) => objectIdSchema.safeParse(c).success) ?? null;

/**
 * Stripe's webhook: verifies the signature on the raw bytes, records the event under its id (a
 * repeated delivery is answered at once), then moves the order or the Plus subscription. Events may
 * come in any order and any number of times; the order's state machine makes each of them count
 * once (orders.service.ts), and a subscription keeps the newest word (subscriptions.events.ts).
 */
export class StripeWebhooks {
  constructor(
    private readonly gateway: StripeGateway,
    private readonly orders: OrdersService,
    private readonly logger: Logger,
    private readonly subscriptions: SubscriptionEvents,
  ) {}

  async receive(payload: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    const event = parseOrThrow(eventSchema, this.gateway.verifyEvent(payload, signature));
    try {
      await StripeEvent.create({ _id: event.id, type: event.type });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if ((await StripeEvent.findById(event.id))?.processedAt) return "duplicate";
    }
    const outcome = await this.#handle(event);
    await StripeEvent.updateOne({ _id: event.id, processedAt: null }, { $set: { processedAt: new Date() } });
    return outcome;
  }

  async #handle(event: StripeEventBody): Promise<WebhookOutcome> {
    try {
      switch (event.type) {
        case "checkout.session.completed":
        case "checkout.session.async_payment_succeeded": {
          const session = parseOrThrow(sessionSchema, event.data.object);
          // Completed but unpaid: a delayed method (a bank debit); its own event follows.
          if (session.payment_status !== "paid") return "ignored";
          const shipping = shippingOf(event.data.object);
          return this.#onOrder(session, (id) => this.orders.cardPaid(id, intentId(session.payment_intent), shipping));
        }
        case "checkout.session.async_payment_failed":
          return this.#onOrder(parseOrThrow(sessionSchema, event.data.object), (id) =>
            this.orders.cardUnpaid(id, "failed", "the payment failed"),
          );
        case "checkout.session.expired":
          return this.#onOrder(parseOrThrow(sessionSchema, event.data.object), (id) =>
            this.orders.cardUnpaid(id, "expired", "the checkout expired unpaid"),
          );
        case "charge.refunded":
          return this.#onRefund(parseOrThrow(chargeSchema, event.data.object));
        case "invoice.paid":
        case "customer.subscription.created":
        case "customer.subscription.updated":
        case "customer.subscription.deleted":
          return this.subscriptions.receive(event.type, event.created, event.data.object);
        default:
          return "ignored";
      }
    } catch (error) {
      // An order of another deployment sharing the Stripe account, or one deleted: nothing to do.
      if (error instanceof AppError && error.code === "not_found") return "ignored";
      throw error;
    }
  }

  async #onOrder(session: z.infer<typeof sessionSchema>, act: (orderId: string) => Promise<unknown>) {
    const orderId = orderIdIn(session.metadata?.orderId, session.client_reference_id);
    if (!orderId) return "ignored";
    await act(orderId);
    return "handled";
  }

  /** A full refund made at Stripe: the order may not even know its payment yet. */
  async #onRefund(charge: z.infer<typeof chargeSchema>): Promise<WebhookOutcome> {
    if (!charge.refunded) return "ignored";
    const intent = intentId(charge.payment_intent);
    const byIntent = intent ? await Order.findOne({ "card.paymentIntentId": intent }, { _id: 1 }) : null;
    const orderId = byIntent?.id ?? orderIdIn(charge.metadata?.orderId);
    if (!orderId) {
      this.logger.warn({ paymentIntent: intent }, "a refunded charge matches no order");
      return "ignored";
    }
    await this.orders.refund(orderId, { by: null, reason: "refunded at Stripe", external: true });
    return "handled";
  }
}

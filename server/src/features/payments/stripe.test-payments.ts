import type { TestPaymentBody } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { Order } from "../orders/orders.model";
import type { StripeGateway } from "./stripe.gateway";
import type { StripeWebhooks } from "./stripe.webhooks";

/** The API version our events claim, as Stripe stamps the events it sends. */
const EVENT_API_VERSION = "2026-08-26.dahlia";

/**
 * stripe-mock has no checkout page, so nothing would ever pay a card order. This plays Stripe's part:
 * it sends the webhook a `checkout.session.completed` event for the order's session, signed with the
 * webhook secret the way Stripe signs, so the order completes by exactly the path it takes in
 * production. The event's id is the order's, so paying twice delivers one event twice.
 */
export class TestPayments {
  private constructor(
    private readonly gateway: StripeGateway,
    private readonly webhooks: StripeWebhooks,
  ) {}

  /** Null unless card payments go to stripe-mock: against real Stripe, only a real payment pays. */
  static forMock(gateway: StripeGateway | null, webhooks: StripeWebhooks | null): TestPayments | null {
    return gateway?.mode === "mock" && webhooks ? new TestPayments(gateway, webhooks) : null;
  }

  async pay(orderId: string, body: TestPaymentBody): Promise<void> {
    const order = await Order.findById(orderId);
    if (!order?.card) throw new AppError("conflict", "this order has no card checkout to pay");
    if (order.item.ships && !body.shipping && !order.shipping) {
      throw new AppError("invalid_payload", "shipping: the checkout asks where to ship a physical product");
    }
    const address = body.shipping;
    const event = {
      id: `evt_test_payment_${order.id}`,
      object: "event",
      type: "checkout.session.completed",
      api_version: EVENT_API_VERSION,
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: order.card.sessionId,
          object: "checkout.session",
          client_reference_id: order.id,
          metadata: { orderId: order.id },
          payment_status: "paid",
          status: "complete",
          payment_intent: `pi_test_payment_${order.id}`,
          collected_information: address && {
            shipping_details: {
              name: address.name,
              address: {
                line1: address.line1,
                line2: address.line2 ?? null,
                city: address.city,
                state: address.state ?? null,
                postal_code: address.postalCode,
                country: address.country,
              },
            },
          },
        },
      },
    };
    const payload = JSON.stringify(event);
    await this.webhooks.receive(Buffer.from(payload), this.gateway.signForTest(payload));
  }
}

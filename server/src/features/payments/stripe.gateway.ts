import { type PlusPlan, SHIPPING_COUNTRIES } from "@chalkline/shared";
import Stripe from "stripe";
import type { Config } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { CardGateway, CheckoutSession, SessionState } from "../orders/orders.card";
import { StripeCustomer } from "./payments.model";
import { shippingOf } from "./stripe.shipping";

const REQUEST_TIMEOUT_MS = 20_000;

export interface PlusCheckoutRequest {
  userId: string;
  email: string;
  plan: PlusPlan;
  unitCents: number;
  currency: string;
  stripeCouponId: string | null;
}

/**
 * Card payments through Stripe Checkout (or stripe-mock when STRIPE_API_URL points at one). Every
 * call that creates something carries an idempotency key derived from our ids, so a retried
 * request — ours or the SDK's — never makes a second customer, session or refund.
 */
export class StripeGateway implements CardGateway {
  readonly mode: CardGateway["mode"];
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;
  readonly #publicUrl: string;
  readonly #checkoutMinutes: number;

  private constructor(config: Config, secretKey: string, webhookSecret: string) {
    const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
    this.#stripe = new Stripe(secretKey, {
      maxNetworkRetries: 2,
      timeout: REQUEST_TIMEOUT_MS,
      telemetry: false,
      ...(api && { host: api.hostname, port: api.port, protocol: api.protocol === "https:" ? "https" : "http" }),
    });
    this.mode = api ? "mock" : /^(sk|rk)_live_/.test(secretKey) ? "live" : "test";
    this.#webhookSecret = webhookSecret;
    this.#publicUrl = config.PUBLIC_URL.replace(/\/+$/, "");
    this.#checkoutMinutes = config.CHECKOUT_EXPIRY_MINUTES;
  }

  /** Null without STRIPE_SECRET_KEY: card payments are then off. */
  static fromConfig(config: Config): StripeGateway | null {
    if (!config.STRIPE_SECRET_KEY) return null;
    if (!config.STRIPE_WEBHOOK_SECRET) {
      throw new Error(
        "STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY: webhooks cannot be verified without it",
      );
    }
    return new StripeGateway(config, config.STRIPE_SECRET_KEY, config.STRIPE_WEBHOOK_SECRET);
  }

  async createCheckout(req: Parameters<CardGateway["createCheckout"]>[0]): Promise<CheckoutSession> {
    const customer = await this.#customerFor(req.userId, req.email);
    const order = encodeURIComponent(req.orderId);
    const expiresAt = new Date(Date.now() + this.#checkoutMinutes * 60_000);
    const session = await this.#stripe.checkout.sessions.create(
      {
        mode: "payment",
        customer,
        client_reference_id: req.orderId,
        metadata: { orderId: req.orderId },
        payment_intent_data: { metadata: { orderId: req.orderId } },
        line_items: [
          {
            quantity: req.quantity,
            price_data: { currency: req.currency, unit_amount: req.unitCents, product_data: { name: req.name } },
          },
        ],
        success_url: `${this.#publicUrl}/store/checkout/success?order=${order}`,
        cancel_url: `${this.#publicUrl}/store/checkout/cancel?order=${order}`,
        expires_at: Math.floor(expiresAt.getTime() / 1000),
        // The address comes back on the session, in the webhook's event (stripe.shipping.ts).
        ...(req.collectShipping && { shipping_address_collection: { allowed_countries: [...SHIPPING_COUNTRIES] } }),
      },
      { idempotencyKey: `checkout:${req.orderId}` },
    );
    if (!session.url) throw new Error(`Stripe answered checkout session ${session.id} without a URL`);
    return { sessionId: session.id, url: session.url, expiresAt };
  }

  async sessionState(sessionId: string): Promise<SessionState> {
    const session = await this.#stripe.checkout.sessions.retrieve(sessionId);
    const intent = session.payment_intent;
    return {
      paid: session.payment_status === "paid",
      open: session.status === "open",
      paymentIntentId: typeof intent === "string" ? intent : (intent?.id ?? null),
      shipping: shippingOf(session),
    };
  }

  async expire(sessionId: string): Promise<void> {
    await this.#stripe.checkout.sessions.expire(sessionId);
  }

  async refund(orderId: string, paymentIntentId: string): Promise<void> {
    await this.#stripe.refunds.create(
      { payment_intent: paymentIntentId, metadata: { orderId } },
      { idempotencyKey: `refund:${orderId}` },
    );
  }

  /**
   * A Checkout session in subscription mode for Plus; the subscription carries the account and the
   * plan in its metadata, so its events name them whatever order they come in.
   */
  async createPlusCheckout(req: PlusCheckoutRequest): Promise<string> {
    const customer = await this.#customerFor(req.userId, req.email);
    const metadata = { userId: req.userId, plan: req.plan };
    const session = await this.#stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: req.userId,
      metadata,
      subscription_data: { metadata },
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: req.currency,
            unit_amount: req.unitCents,
            recurring: { interval: req.plan === "yearly" ? "year" : "month" },
            product_data: { name: `Chalkline Plus (${req.plan})` },
          },
        },
      ],
      ...(req.stripeCouponId && { discounts: [{ coupon: req.stripeCouponId }] }),
      success_url: `${this.#publicUrl}/plus?checkout=done`,
      cancel_url: `${this.#publicUrl}/plus?checkout=cancelled`,
    });
    if (!session.url) throw new Error(`Stripe answered checkout session ${session.id} without a URL`);
    return session.url;
  }

  /** A link to Stripe's customer portal, where the subscriber changes plan, card or cancels. */
  async portalUrl(userId: string, email: string): Promise<string> {
    const customer = await this.#customerFor(userId, email);
    const portal = await this.#stripe.billingPortal.sessions.create({
      customer,
      return_url: `${this.#publicUrl}/plus`,
    });
    return portal.url;
  }

  /** Stripe's twin of one of our coupons, made once (keyed by its code), for Plus checkouts. */
  async stripeCoupon(
    code: string,
    off: { percentOff: number | null; amountOffCents: number | null },
    currency: string,
  ) {
    const coupon = await this.#stripe.coupons.create(
      off.percentOff
        ? { percent_off: off.percentOff, duration: "once", name: code }
        : { amount_off: off.amountOffCents ?? 0, currency, duration: "once", name: code },
      { idempotencyKey: `coupon:${code}` },
    );
    return coupon.id;
  }

  /** The event in `payload`, if its `Stripe-Signature` was made with our webhook secret over these exact bytes. */
  verifyEvent(payload: Buffer, signature: string | undefined): Stripe.Event {
    try {
      return this.#stripe.webhooks.constructEvent(payload, signature ?? "", this.#webhookSecret);
    } catch {
      throw new AppError("invalid_payload", "the Stripe-Signature header does not match this payload");
    }
  }

  /** A `Stripe-Signature` header for `payload` made with our webhook secret, as Stripe makes it (test payments). */
  signForTest(payload: string): string {
    return this.#stripe.webhooks.generateTestHeaderString({ payload, secret: this.#webhookSecret });
  }

  /** The buyer's Stripe customer, created once and remembered. */
  async #customerFor(userId: string, email: string): Promise<string> {
    const known = await StripeCustomer.findById(userId);
    if (known) return known.customerId;
    const customer = await this.#stripe.customers.create(
      { email, metadata: { userId } },
      { idempotencyKey: `customer:${userId}` },
    );
    await StripeCustomer.create({ _id: userId, customerId: customer.id }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    return (await StripeCustomer.findById(userId))?.customerId ?? customer.id;
  }
}

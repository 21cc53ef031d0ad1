import type { CardMode, ShippingView } from "@chalkline/shared";

/** A Checkout session as the store needs it. */
export interface CheckoutSession {
  sessionId: string;
  /** Where the buyer pays. */
  url: string;
  expiresAt: Date;
}

export interface SessionState {
  paid: boolean;
  /** Still payable: neither paid, expired nor cancelled. */
  open: boolean;
  paymentIntentId: string | null;
  /** The address the buyer gave at checkout, when it asked for one. */
  shipping: ShippingView | null;
}

/** What a card order needs from the payment provider (payments/stripe.gateway.ts implements it). */
export interface CardGateway {
  readonly mode: Exclude<CardMode, "off">;
  createCheckout(req: {
    orderId: string;
    userId: string;
    email: string;
    name: string;
    quantity: number;
    unitCents: number;
    currency: string;
    /** A physical product: the checkout asks for a shipping address. */
    collectShipping: boolean;
  }): Promise<CheckoutSession>;
  sessionState(sessionId: string): Promise<SessionState>;
  /** Ends an open session so it can no longer be paid. */
  expire(sessionId: string): Promise<void>;
  /** Refunds the payment in full; keyed by the order, so asking twice refunds once. */
  refund(orderId: string, paymentIntentId: string): Promise<void>;
}

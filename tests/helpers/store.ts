import { randomUUID } from "node:crypto";
import type { CheckoutView, CreateProductBody, OrderItem, ProductView, UploadTicket } from "@chalkline/shared";
import Stripe from "stripe";
import { inject } from "vitest";
import { type ApiAnswer, api } from "./clients";
import { expectStatus } from "./courses";
import { ROOMY_LIMITS } from "./rooms";
import { s3Env } from "./s3";

/** Server-node settings for store tests: the run's S3 and stripe-mock, and rate limits out of the way. */
export function storeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { stripe } = inject("services");
  if (!stripe) throw new Error('stripe-mock is not installed: run "npm run setup", or set STRIPE_SECRET_KEY');
  return {
    ...ROOMY_LIMITS,
    ...s3Env(),
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    ...(stripe.apiUrl ? { STRIPE_API_URL: stripe.apiUrl } : {}),
    ...extra,
  };
}

export async function createProduct(
  baseUrl: string,
  adminToken: string,
  body: Partial<CreateProductBody> = {},
): Promise<ProductView> {
  const product = await api<ProductView>(baseUrl, "POST", "/api/store/products", {
    token: adminToken,
    body: { name: `Sticker ${randomUUID().slice(0, 6)}`, kind: "digital", pricePoints: 10, stock: 100, ...body },
  });
  return expectStatus(product, 201, "create product");
}

export function buy(
  baseUrl: string,
  token: string,
  item: OrderItem,
  payWith: "points" | "card",
  requestId: string = randomUUID(),
): Promise<ApiAnswer<CheckoutView>> {
  return api<CheckoutView>(baseUrl, "POST", "/api/orders", { token, body: { item, payWith, requestId } });
}

/** Posts `event` to the webhook as Stripe would, signed with `secret` (the run's, unless a test forges one). */
export function deliver(
  baseUrl: string,
  event: object,
  secret = inject("services").stripe?.webhookSecret ?? "",
  tamper: { body?: (payload: string) => string; timestamp?: number } = {},
): Promise<ApiAnswer<{ outcome?: string; error?: { code: string } }>> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: tamper.timestamp });
  return api(baseUrl, "POST", "/api/payments/stripe/webhook", {
    rawBody: tamper.body ? tamper.body(payload) : payload,
    headers: { "stripe-signature": signature },
  });
}

let eventCounter = 0;
const stripeEvent = (type: string, object: object) => ({
  id: `evt_test_${Date.now().toString(36)}_${++eventCounter}`,
  object: "event",
  type,
  api_version: "2026-08-26.dahlia",
  created: Math.floor(Date.now() / 1000),
  data: { object },
});

/** The events a card order's checkout produces, shaped as Stripe sends them. */
export const cardEvents = (orderId: string, sessionId: string) => ({
  paid: () =>
    stripeEvent("checkout.session.completed", {
      id: sessionId,
      object: "checkout.session",
      client_reference_id: orderId,
      metadata: { orderId },
      payment_status: "paid",
      status: "complete",
      payment_intent: `pi_${orderId}`,
    }),
  expired: () =>
    stripeEvent("checkout.session.expired", {
      id: sessionId,
      object: "checkout.session",
      client_reference_id: orderId,
      metadata: { orderId },
      payment_status: "unpaid",
      status: "expired",
      payment_intent: null,
    }),
  refunded: () =>
    stripeEvent("charge.refunded", {
      id: `ch_${orderId}`,
      object: "charge",
      payment_intent: `pi_${orderId}`,
      refunded: true,
      metadata: { orderId },
    }),
});

/** Sends `body` of `size` bytes to a presigned POST; `fields` may be tampered with first. */
export async function postToS3(
  ticket: Pick<UploadTicket, "url" | "fields">,
  size: number,
  fields: Record<string, string> = ticket.fields,
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(size).fill(7)]), "file.bin");
  return fetch(ticket.url, { method: "POST", body: form });
}

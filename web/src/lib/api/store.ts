import {
  type CheckoutView,
  type CreateOrderBody,
  checkoutViewSchema,
  type createProductBodySchema,
  type EarningsView,
  earningsViewSchema,
  type OrderPage,
  type OrdersQuery,
  type OrderView,
  orderPageSchema,
  orderViewSchema,
  type ProductView,
  productListSchema,
  productViewSchema,
  type StoreConfig,
  type StoreCourseView,
  storeConfigSchema,
  storeCourseListSchema,
  type TestPaymentBody,
  type UpdateProductBody,
} from "@chalkline/shared";
import type { z } from "zod";
import { authed, query } from "./client";

// The store: products, courses for sale, orders and their states, card payments, instructors' earnings.
const order = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

export const storeApi = {
  /** Whether card payments work here (off without Stripe keys). */
  config: (): Promise<StoreConfig> => authed("GET", "/api/store/config", { schema: storeConfigSchema }),
  /** Active products; admins may ask for inactive ones too. */
  products: async (all = false): Promise<ProductView[]> =>
    (
      await authed("GET", `/api/store/products${query({ all: all ? "true" : undefined })}`, {
        schema: productListSchema,
      })
    ).products,
  createProduct: (body: z.input<typeof createProductBodySchema>): Promise<ProductView> =>
    authed("POST", "/api/store/products", { body, schema: productViewSchema }),
  updateProduct: (id: string, body: UpdateProductBody): Promise<ProductView> =>
    authed("PATCH", `/api/store/products/${encodeURIComponent(id)}`, { body, schema: productViewSchema }),
  courses: async (): Promise<StoreCourseView[]> =>
    (await authed("GET", "/api/store/courses", { schema: storeCourseListSchema })).courses,
  earnings: (): Promise<EarningsView> => authed("GET", "/api/store/earnings", { schema: earningsViewSchema }),

  /** Errors: `insufficient_points`, `out_of_stock`, `unavailable` (card payments off or Stripe unreachable). */
  buy: (body: CreateOrderBody): Promise<CheckoutView> =>
    authed("POST", "/api/orders", { body, schema: checkoutViewSchema }),
  orders: (params: Partial<OrdersQuery> = {}): Promise<OrderPage> =>
    authed("GET", `/api/orders${query(params)}`, { schema: orderPageSchema }),
  order: (id: string): Promise<OrderView> => authed("GET", order(id), { schema: orderViewSchema }),
  /** The checkout success page: settles a card order with Stripe now. */
  syncOrder: (id: string): Promise<OrderView> => authed("POST", `${order(id)}/sync`, { schema: orderViewSchema }),
  /** The checkout cancel page: closes the session and gives the units back. */
  /** stripe-mock only: pays a card order as Stripe's checkout page would. */
  testPayment: (id: string, body: TestPaymentBody): Promise<OrderView> =>
    authed("POST", `${order(id)}/test-payment`, { body, schema: orderViewSchema }),
  cancelOrder: (id: string): Promise<OrderView> => authed("POST", `${order(id)}/cancel`, { schema: orderViewSchema }),
  /** Admins. */
  refund: (id: string, reason: string): Promise<OrderView> =>
    authed("POST", `${order(id)}/refund`, { body: { reason }, schema: orderViewSchema }),
};

import { z } from "zod";
import { objectIdSchema } from "./accounts";

/** Digital items are delivered by recording them as owned; physical ones are shipped by an admin. */
export const PRODUCT_KINDS = ["digital", "physical"] as const;
export const productKindSchema = z.enum(PRODUCT_KINDS);
export type ProductKind = z.infer<typeof productKindSchema>;

/** What an instructor earns of each sale of their course, in percent of what the buyer paid. */
export const INSTRUCTOR_SHARE_PERCENT = 80;
export const MAX_ORDER_QUANTITY = 10;
export const MAX_PRODUCT_IMAGES = 6;
/** Card payments below this are refused by Stripe in most currencies. */
export const MIN_CARD_PRICE_CENTS = 50;
const MAX_PRICE = 10_000_000;
const MAX_STOCK = 1_000_000;

/** The instructor's share of an amount (cents or points), rounded down. */
export function instructorShare(amount: number): number {
  return Math.floor((amount * INSTRUCTOR_SHARE_PERCENT) / 100);
}

const pointsPriceSchema = z.number().int().min(1).max(MAX_PRICE).nullable();
const centsPriceSchema = z.number().int().min(MIN_CARD_PRICE_CENTS).max(MAX_PRICE).nullable();

const productFields = {
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(2000),
  kind: productKindSchema,
  pricePoints: pointsPriceSchema,
  priceCents: centsPriceSchema,
  /** Units left to sell; orders in flight hold theirs until they are paid or given up. */
  stock: z.number().int().min(0).max(MAX_STOCK),
  /** Confirmed `product_image` uploads, in display order. */
  imageIds: z.array(objectIdSchema).max(MAX_PRODUCT_IMAGES),
  /** Inactive products are hidden from the store; their orders stay. */
  active: z.boolean(),
};
const hasAPrice = (p: { pricePoints?: number | null; priceCents?: number | null }) =>
  p.pricePoints != null || p.priceCents != null;

/** POST /api/store/products (admins). */
export const createProductBodySchema = z
  .strictObject({
    ...productFields,
    description: productFields.description.default(""),
    pricePoints: productFields.pricePoints.default(null),
    priceCents: productFields.priceCents.default(null),
    imageIds: productFields.imageIds.default([]),
    active: productFields.active.default(true),
  })
  .refine(hasAPrice, { message: "a price in points, in money, or both" });
export type CreateProductBody = z.infer<typeof createProductBodySchema>;

/** PATCH /api/store/products/:id (admins): any of the fields; prices cannot both become null. */
export const updateProductBodySchema = z
  .strictObject(productFields)
  .partial()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: "nothing to change" })
  .refine((body) => !(body.pricePoints === null && body.priceCents === null), {
    message: "a price in points, in money, or both",
  });
export type UpdateProductBody = z.infer<typeof updateProductBodySchema>;

export const productImageSchema = z.object({ id: z.string(), url: z.string() });

export const productViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: productKindSchema,
  pricePoints: z.number().nullable(),
  priceCents: z.number().nullable(),
  stock: z.number(),
  active: z.boolean(),
  /** Short-lived download URLs, in display order. */
  images: z.array(productImageSchema),
  createdAt: z.string(),
});
export type ProductView = z.infer<typeof productViewSchema>;
export const productListSchema = z.object({ products: z.array(productViewSchema) });

/** GET /api/store/products — admins may ask for inactive products too. */
export const productQuerySchema = z.strictObject({ all: z.enum(["true", "false"]).default("false") });

/** A paid, published course as the store shows it. */
export const storeCourseViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  instructorName: z.string(),
  pricePoints: z.number().nullable(),
  priceCents: z.number().nullable(),
  /** The caller is enrolled, teaches it, or has an order for it in flight. */
  owned: z.boolean(),
});
export type StoreCourseView = z.infer<typeof storeCourseViewSchema>;
export const storeCourseListSchema = z.object({ courses: z.array(storeCourseViewSchema) });

/** How card payments are set up: off (no keys), against a local Stripe mock, or Stripe in test or live mode. */
export const CARD_MODES = ["off", "mock", "test", "live"] as const;
export type CardMode = (typeof CARD_MODES)[number];
export const storeConfigSchema = z.object({
  currency: z.string(),
  card: z.object({ available: z.boolean(), mode: z.enum(CARD_MODES) }),
  instructorSharePercent: z.number(),
});
export type StoreConfig = z.infer<typeof storeConfigSchema>;

import { PRODUCT_KINDS } from "@chalkline/shared";
import mongoose, { type HydratedDocumentFromSchema } from "mongoose";

/**
 * A store product. Its stock is the head of its stock chain (stock.chain.ts); `stock` and `stockSeq`
 * here are a cache of that head for listings, refreshed after each move and never trusted for a sale.
 */
const productSchema = new mongoose.Schema(
  {
    name: { type: String, required: true },
    description: { type: String, default: "" },
    kind: { type: String, enum: PRODUCT_KINDS, required: true },
    pricePoints: { type: Number, default: null },
    priceCents: { type: Number, default: null },
    stock: { type: Number, required: true, default: 0 },
    stockSeq: { type: Number, required: true, default: 0 },
    imageIds: { type: [mongoose.Schema.Types.ObjectId], default: [] },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
productSchema.index({ active: 1, createdAt: -1 });

export type ProductDoc = HydratedDocumentFromSchema<typeof productSchema>;
export const Product = mongoose.model("Product", productSchema, "products");

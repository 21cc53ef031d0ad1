import { randomUUID } from "node:crypto";
import type { CreateProductBody, ProductView, UpdateProductBody } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { Actor } from "../rooms/rooms.access";
import type { UploadsService } from "../uploads/uploads.service";
import { Product, type ProductDoc } from "./products.model";
import { toProductViews } from "./products.view";
import { setStock } from "./stock.chain";

const MAX_LISTED = 200;

/** What the gifts feature needs of a product (see gifts.service.ts `ProductLookup`). */
export interface GiftProduct {
  name: string;
  physical: boolean;
  /** Null for a product sold only for money. */
  pricePoints: number | null;
}

/** The store's catalogue: everyone signed in browses active products; admins manage them. */
export class ProductsService {
  constructor(private readonly uploads: UploadsService) {}

  async list(actor: Actor, includeInactive: boolean): Promise<ProductView[]> {
    const filter = includeInactive && actor.role === "admin" ? {} : { active: true };
    return toProductViews(await Product.find(filter).sort({ createdAt: -1 }).limit(MAX_LISTED), this.uploads);
  }

  async get(actor: Actor, productId: string): Promise<ProductView> {
    const product = await Product.findById(productId);
    if (!product || !(product.active || actor.role === "admin")) throw new AppError("not_found", "no such product");
    return this.#view(product);
  }

  async create(actor: Actor, body: CreateProductBody): Promise<ProductView> {
    assertAdmin(actor);
    await this.#checkImages(body.imageIds);
    return this.#view(await insertProduct(body));
  }

  /** A stock given is what is left from now on: an admin's count replaces the old one. */
  async update(actor: Actor, productId: string, body: UpdateProductBody): Promise<ProductView> {
    assertAdmin(actor);
    if (body.imageIds) await this.#checkImages(body.imageIds);
    const { stock, ...rest } = body;
    const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const current = await Product.findById(productId);
    if (!current) throw new AppError("not_found", "no such product");
    const prices = { pricePoints: current.pricePoints, priceCents: current.priceCents, ...changes };
    if (prices.pricePoints == null && prices.priceCents == null) {
      throw new AppError("invalid_payload", "a price in points, in money, or both");
    }
    if (stock !== undefined) await setStock(productId, `set:${randomUUID()}`, stock);
    if (Object.keys(changes).length > 0) await Product.updateOne({ _id: productId }, { $set: changes });
    return this.get(actor, productId);
  }

  /** For gifts: an active product's name, whether it ships and its points price, or null. */
  async giftProduct(productId: string): Promise<GiftProduct | null> {
    const product = await Product.findOne({ _id: productId, active: true });
    return product
      ? { name: product.name, physical: product.kind === "physical", pricePoints: product.pricePoints ?? null }
      : null;
  }

  async #view(product: ProductDoc): Promise<ProductView> {
    const [view] = await toProductViews([product], this.uploads);
    return view!;
  }

  async #checkImages(imageIds: readonly string[]): Promise<void> {
    for (const id of imageIds) await this.uploads.readyUpload(id, "product_image");
  }
}

/** Adds a product with its stock chain written first, so it is never listed without its stock. */
export async function insertProduct(body: CreateProductBody): Promise<ProductDoc> {
  const _id = new mongoose.Types.ObjectId();
  await setStock(String(_id), "initial", body.stock);
  return Product.create({ ...body, _id, stockSeq: 1 });
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new AppError("forbidden", "only admins manage the store");
}

import mongoose from "mongoose";
import { appendAt, backoff, type ChainEntry, entryAt, headOf } from "../../platform/chain";
import { AppError } from "../../platform/errors";
import { Product } from "./products.model";

/**
 * A product's stock as a chain of moves (platform/chain.ts): entry n says how many units were left
 * after it, so a take is checked against the exact stock it is appended after and stock never goes
 * below zero however many buyers take at once. Each move has a key, unique per product, so a move
 * repeated by a retry, a webhook or the recovery sweep is applied once.
 */
const stockEntrySchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    productId: { type: mongoose.Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    delta: { type: Number, required: true },
    stockAfter: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
stockEntrySchema.index({ productId: 1, key: 1 }, { unique: true });
const StockEntry = mongoose.model("StockEntry", stockEntrySchema, "stockEntries");

interface StockEntryDoc extends ChainEntry {
  key: string;
  stockAfter: number;
}

export type StockMove = "applied" | "duplicate" | "refused";

/** Every failed attempt means another move succeeded, so this bound only guards against bugs. */
const MAX_ATTEMPTS = 10_000;

async function stockHead(productId: string): Promise<StockEntryDoc | null> {
  const cached = await Product.findById(productId, { stockSeq: 1 }).lean();
  return headOf<StockEntryDoc>(StockEntry, productId, cached?.stockSeq || 1);
}

/** Appends move `key`: `next(before)` is the stock after it, or null to refuse it. */
async function move(productId: string, key: string, next: (before: number) => number | null): Promise<StockMove> {
  let head = await stockHead(productId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = head?.stockAfter ?? 0;
    const seq = (head?.seq ?? 0) + 1;
    const after = next(before);
    if (after === null) return (await hasMove(productId, key)) ? "duplicate" : "refused";
    const entry = { productId, key, delta: after - before, stockAfter: after, at: new Date() };
    if (await appendAt(StockEntry, productId, seq, entry)) {
      // A hint for listings and the next read; a stale write of it only makes that read go further.
      await Product.updateOne({ _id: productId, stockSeq: { $lt: seq } }, { $set: { stock: after, stockSeq: seq } });
      return "applied";
    }
    const occupant = await entryAt<StockEntryDoc>(StockEntry, productId, seq);
    // A free position refused by the key index, or this very move there: it was applied before.
    if (!occupant || occupant.key === key) return "duplicate";
    head = occupant;
    await backoff(attempt);
  }
  throw new AppError("unavailable", "the stock is too busy; try again");
}

/** Takes `quantity` units under `key`; refused when fewer are left. */
export function takeUnits(productId: string, key: string, quantity: number): Promise<StockMove> {
  return move(productId, key, (before) => (before >= quantity ? before - quantity : null));
}

export function returnUnits(productId: string, key: string, quantity: number): Promise<StockMove> {
  return move(productId, key, (before) => before + quantity);
}

/** An admin's count: the stock becomes `units`, whatever moves came before. */
export function setStock(productId: string, key: string, units: number): Promise<StockMove> {
  return move(productId, key, () => units);
}

export async function hasMove(productId: string, key: string): Promise<boolean> {
  return Boolean(await StockEntry.exists({ productId, key }));
}

export async function stockOf(productId: string): Promise<number> {
  return (await stockHead(productId))?.stockAfter ?? 0;
}

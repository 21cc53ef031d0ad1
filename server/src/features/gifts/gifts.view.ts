import type { GiftView } from "@chalkline/shared";
import { peopleById } from "../guardians/people";
import { Product } from "../store/products.model";
import type { GiftDoc } from "./gifts.model";

export async function toGiftViews(gifts: GiftDoc[]): Promise<GiftView[]> {
  const [person, prices] = await Promise.all([peopleById(gifts.map((g) => g.guardianId)), pricesOf(gifts)]);
  const costOf = (g: GiftDoc) => {
    if (g.paidByGuardian) return 0;
    return g.kind === "custom" ? g.threshold : (prices.get(String(g.productId)) ?? null);
  };
  return gifts.map((g) => ({
    id: g.id,
    guardian: person(g.guardianId),
    learnerId: String(g.learnerId),
    kind: g.kind,
    productId: g.productId ? String(g.productId) : null,
    title: g.title,
    message: g.message,
    physical: g.physical,
    threshold: g.threshold,
    payer: g.payer ?? (g.paidByGuardian ? "budget" : "learner"),
    paidByGuardian: g.paidByGuardian,
    cost: costOf(g),
    status: g.status,
    createdAt: g.createdAt.toISOString(),
    unlockedAt: g.unlockedAt?.toISOString() ?? null,
    activatedAt: g.activatedAt?.toISOString() ?? null,
    grantId: g.grantId ?? null,
    shipping: g.shipping ? { status: g.shipping.status, updatedAt: g.shipping.updatedAt.toISOString() } : null,
  }));
}

export async function toGiftView(gift: GiftDoc): Promise<GiftView> {
  return (await toGiftViews([gift]))[0]!;
}

/** The points price of the products of the gifts the learner would pay for, read now: it is what opening charges. */
async function pricesOf(gifts: GiftDoc[]): Promise<Map<string, number>> {
  const ids = gifts.filter((g) => g.kind === "product" && !g.paidByGuardian).map((g) => g.productId);
  if (ids.length === 0) return new Map();
  const products = await Product.find({ _id: { $in: ids } }, { pricePoints: 1 }).lean();
  return new Map(products.flatMap((p) => (p.pricePoints == null ? [] : [[String(p._id), p.pricePoints]])));
}

import type { GiftView } from "@chalkline/shared";
import { peopleById } from "../guardians/people";
import type { GiftDoc } from "./gifts.model";

export async function toGiftViews(gifts: GiftDoc[]): Promise<GiftView[]> {
  const person = await peopleById(gifts.map((g) => g.guardianId));
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

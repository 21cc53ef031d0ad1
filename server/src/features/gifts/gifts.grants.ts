import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { Order } from "../orders/orders.model";
import type { OrdersService } from "../orders/orders.service";
import { Product } from "../store/products.model";
import { stockOf } from "../store/stock.chain";
import { type GiftDoc, GiftEntitlement } from "./gifts.model";

/**
 * What opening a gift creates: a store order paid for by the gift (stock taken, entitlement granted
 * by the store) for a product, an entitlement record of our own for a custom reward. Both are keyed
 * by the gift, so granting again finds the first grant.
 */
export class GiftGrants {
  constructor(private readonly orders: Pick<OrdersService, "createOrder">) {}

  /**
   * Before any points are spent: the product is still sold and in stock — unless this gift's order
   * exists already (an opening that stalled after it), which then only needs finishing. Answers the
   * points opening costs the learner: nothing when the guardian's budget paid for it, else a custom
   * reward its threshold, a product its points price now.
   */
  async check(gift: GiftDoc): Promise<number> {
    if (gift.kind !== "product") return gift.paidByGuardian ? 0 : gift.threshold;
    const cost = gift.paidByGuardian ? 0 : await pointsPriceOf(gift);
    if (await Order.exists({ userId: gift.learnerId, requestId: requestIdOf(gift) })) return cost;
    if (!(await Product.exists({ _id: gift.productId, active: true }))) {
      throw new AppError("not_found", "this gift's product is no longer in the store");
    }
    if ((await stockOf(String(gift.productId))) < 1) {
      throw new AppError("out_of_stock", "this gift's product is sold out for now; try again later");
    }
    return cost;
  }

  /** Answers the order's or the entitlement's id. */
  async grant(gift: GiftDoc): Promise<string> {
    if (gift.kind === "product") {
      const { order } = await this.orders.createOrder({
        userId: String(gift.learnerId),
        item: { kind: "product", productId: String(gift.productId), quantity: 1 },
        payment: { method: "gift", giftId: gift.id },
        requestId: requestIdOf(gift),
      });
      return order.id;
    }
    await GiftEntitlement.create({
      _id: gift._id,
      learnerId: gift.learnerId,
      guardianId: gift.guardianId,
      title: gift.title,
      physical: gift.physical,
      points: gift.threshold,
    }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    return gift.id;
  }
}

const requestIdOf = (gift: GiftDoc) => `gift:${gift.id}`;

async function pointsPriceOf(gift: GiftDoc): Promise<number> {
  const product = await Product.findById(gift.productId, { pricePoints: 1 }).lean();
  if (product?.pricePoints == null) {
    throw new AppError("conflict", "this gift's product is no longer sold for points");
  }
  return product.pricePoints;
}

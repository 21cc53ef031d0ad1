import { isPaidCourse, type OrderItem, type PaymentMethod } from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";
import { isEnrolled } from "../courses/courses.access";
import { Course } from "../courses/courses.model";
import { Product } from "../store/products.model";

/** An item as it is sold right now: the order keeps this snapshot, whatever changes later. */
export interface PricedItem {
  kind: "product" | "course";
  refId: string;
  name: string;
  quantity: number;
  instructorId: string | null;
  /** A physical product, which needs an address. */
  ships: boolean;
  unitPoints: number | null;
  unitCents: number | null;
}

export async function priceItem(buyerId: string, item: OrderItem): Promise<PricedItem> {
  const kind = item.kind;
  switch (kind) {
    case "product": {
      const product = await Product.findOne({ _id: item.productId, active: true });
      if (!product) throw new AppError("not_found", "no such product in the store");
      return {
        kind,
        refId: product.id,
        name: product.name,
        quantity: item.quantity,
        instructorId: null,
        ships: product.kind === "physical",
        unitPoints: product.pricePoints ?? null,
        unitCents: product.priceCents ?? null,
      };
    }
    case "course": {
      const course = await Course.findOne({ _id: item.courseId, published: true });
      if (!course || !isPaidCourse(course)) throw new AppError("not_found", "no such paid course");
      if (String(course.instructorId) === buyerId) throw new AppError("conflict", "you teach this course");
      if (await isEnrolled(course.id, buyerId))
        throw new AppError("conflict", "you are enrolled in this course already");
      return {
        kind,
        refId: course.id,
        name: course.title,
        quantity: 1,
        instructorId: String(course.instructorId),
        ships: false,
        unitPoints: course.pricePoints || null,
        unitCents: course.priceCents || null,
      };
    }
    default:
      return assertNever(kind);
  }
}

/**
 * What the buyer pays for `priced` with `method`. A gift was paid for by the gifts feature (the
 * learner's points or the guardian's gift budget); its order records the points price it was worth.
 */
export function charge(priced: PricedItem, method: PaymentMethod): { points: number; cents: number } {
  switch (method) {
    case "points":
      if (priced.unitPoints === null) throw new AppError("invalid_payload", "this item cannot be bought with points");
      return { points: priced.unitPoints * priced.quantity, cents: 0 };
    case "card":
      if (priced.unitCents === null) throw new AppError("invalid_payload", "this item cannot be paid for by card");
      return { points: 0, cents: priced.unitCents * priced.quantity };
    case "gift":
      return { points: (priced.unitPoints ?? 0) * priced.quantity, cents: 0 };
    default:
      return assertNever(method);
  }
}

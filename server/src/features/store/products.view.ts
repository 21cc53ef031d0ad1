import type { ProductView } from "@chalkline/shared";
import type { UploadsService } from "../uploads/uploads.service";
import type { ProductDoc } from "./products.model";
import { stockOf } from "./stock.chain";

/** Products as the store shows them: stock from its chain, each image as a short-lived download URL. */
export async function toProductViews(products: ProductDoc[], uploads: UploadsService): Promise<ProductView[]> {
  const urls = await uploads.imageUrls(products.flatMap((p) => p.imageIds.map(String)));
  const stocks = await Promise.all(products.map((p) => stockOf(p.id)));
  return products.map((p, i) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    kind: p.kind,
    pricePoints: p.pricePoints ?? null,
    priceCents: p.priceCents ?? null,
    stock: stocks[i] ?? 0,
    active: p.active,
    images: p.imageIds.map(String).flatMap((id) => {
      const url = urls.get(id);
      return url ? [{ id, url }] : [];
    }),
    createdAt: p.createdAt.toISOString(),
  }));
}

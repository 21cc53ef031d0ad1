import type { OrdersService } from "../features/orders/orders.service";
import { insertProduct } from "../features/store/products.service";

/** A few things to spend demo points (and test card payments) on; the first is a digital reward. */
export async function seedDemoProducts(): Promise<Array<{ id: string }>> {
  const products = [
    {
      name: "Profile frame: Gold star",
      description: "A gold star around your picture on leaderboards and in class.",
      kind: "digital" as const,
      pricePoints: 60,
      priceCents: null,
      stock: 500,
    },
    {
      name: "Editor theme: Midnight chalk",
      description: "A dark theme for the shared code editor, with chalk-coloured syntax.",
      kind: "digital" as const,
      pricePoints: 150,
      priceCents: null,
      stock: 1000,
    },
    {
      name: "Chalkline sticker pack",
      description: "Six vinyl stickers for your laptop, posted to you.",
      kind: "physical" as const,
      pricePoints: 300,
      priceCents: 400,
      stock: 40,
    },
    {
      name: "Chalkline mug",
      description: "A 350 ml mug for long study sessions.",
      kind: "physical" as const,
      pricePoints: null,
      priceCents: 1200,
      stock: 12,
    },
  ];
  return Promise.all(products.map((p) => insertProduct({ ...p, imageIds: [], active: true })));
}

/**
 * The products and one order: `buyerId` spent points on the digital reward through the store's own
 * order path (stock taken, points spent once).
 */
export async function seedDemoStore(orders: Pick<OrdersService, "createOrder">, buyerId: string): Promise<void> {
  const [frame] = await seedDemoProducts();
  await orders.createOrder({
    userId: buyerId,
    item: { kind: "product", productId: frame!.id, quantity: 1 },
    payment: { method: "points" },
    requestId: "demo-first-order",
  });
}

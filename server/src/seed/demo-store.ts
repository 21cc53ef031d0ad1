import { insertProduct } from "../features/store/products.service";

/** A few things to spend demo points (and test card payments) on. */
export async function seedDemoStore(): Promise<void> {
  const products = [
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
  for (const product of products) await insertProduct({ ...product, imageIds: [], active: true });
}

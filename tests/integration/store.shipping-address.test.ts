import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OrderPage, OrderView, ProductView, ShippingAddress } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { expectStatus } from "../helpers/courses";
import { grant } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { buy, createProduct, storeEnv } from "../helpers/store";

const ADDRESS: ShippingAddress = {
  name: "Ada Learner",
  line1: "12 Chalk Lane",
  line2: "Flat 3",
  city: "Lyon",
  postalCode: "69001",
  country: "FR",
};

/** What the server asked stripe-mock to create: a proxy in front of it keeps each request's form body. */
const stripeRequests: Array<{ path: string; body: URLSearchParams }> = [];
let proxy: Server;
let node: ServerNodeHandle;
let admin: TestAccount;
let learner: TestAccount;
let pastels: ProductView;

beforeAll(async () => {
  const upstream = inject("services").stripe?.apiUrl;
  if (!upstream) throw new Error("these tests need stripe-mock");
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    stripeRequests.push({ path: req.url ?? "", body: new URLSearchParams(body) });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && !["host", "content-length"].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(new URL(req.url ?? "/", upstream), {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : body,
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  node = (await startCluster(1, storeEnv({ STRIPE_API_URL: `http://127.0.0.1:${port}` })))[0]!;
  admin = await loginDemo(node.url, "admin");
  learner = await registerUser(node.url);
  await grant(node.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: "seed:shipping",
    detail: { correct: 10, total: 10 },
  });
  pastels = await createProduct(node.url, admin.accessToken, {
    kind: "physical",
    pricePoints: 40,
    priceCents: 900,
    stock: 5,
  });
}, 120_000);

afterAll(async () => {
  await stopAll(node ? [node] : []);
  await new Promise((resolve) => proxy?.close(resolve));
});

const item = () => ({ kind: "product" as const, productId: pastels.id, quantity: 1 });
const adminView = async (orderId: string) =>
  (await api<OrderPage>(node.url, "GET", "/api/orders?scope=all", { token: admin.accessToken })).body.orders.find(
    (o) => o.id === orderId,
  );
const order = (body: object) => api(node.url, "POST", "/api/orders", { token: learner.accessToken, body });

it("a physical product bought with points needs a valid address, which the order keeps for admins", async () => {
  const base = { item: item(), payWith: "points", requestId: crypto.randomUUID() };
  expect(await order(base)).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
  const badCountry = await order({ ...base, shipping: { ...ADDRESS, country: "Lyonnais" } });
  expect(badCountry).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
  const noStreet = await order({ ...base, shipping: { ...ADDRESS, line1: " " } });
  expect(noStreet).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });

  const placed = expectStatus(await order({ ...base, shipping: ADDRESS }), 201, "points order").order as OrderView;
  expect(placed.status).toBe("fulfilled");
  expect(placed.item.ships).toBe(true);
  expect(placed.shipping).toEqual(ADDRESS);
  expect((await adminView(placed.id))?.shipping).toEqual(ADDRESS);
});

it("a digital product takes no address", async () => {
  const sticker = await createProduct(node.url, admin.accessToken, { kind: "digital", pricePoints: 5 });
  const answer = await order({
    item: { kind: "product", productId: sticker.id, quantity: 1 },
    payWith: "points",
    requestId: crypto.randomUUID(),
    shipping: ADDRESS,
  });
  expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
});

it("a card order of a physical product asks Stripe Checkout for the address and keeps the one its payment brings", async () => {
  const placed = expectStatus(await buy(node.url, learner.accessToken, item(), "card"), 201, "card order");
  expect(placed.order.shipping).toBeNull();
  const created = stripeRequests.filter((r) => r.path.startsWith("/v1/checkout/sessions") && r.body.has("mode"));
  const asked = created.at(-1)!.body;
  expect(asked.get("client_reference_id")).toBe(placed.order.id);
  const countries = [...asked.entries()].filter(([k]) =>
    k.startsWith("shipping_address_collection[allowed_countries]"),
  );
  expect(countries.map(([, v]) => v)).toEqual(expect.arrayContaining(["FR", "US", "GB", "DE"]));

  // stripe-mock has no checkout page: its test payment brings the address as Stripe's event would.
  const paid = await api<OrderView>(node.url, "POST", `/api/orders/${placed.order.id}/test-payment`, {
    token: learner.accessToken,
    body: { shipping: ADDRESS },
  });
  expect(expectStatus(paid, 200, "test payment").status).toBe("fulfilled");
  expect(paid.body.shipping).toEqual(ADDRESS);
  expect((await adminView(placed.order.id))?.shipping).toEqual(ADDRESS);
});

it("a card order of a digital product does not ask for an address", async () => {
  const ebook = await createProduct(node.url, admin.accessToken, { kind: "digital", priceCents: 500 });
  const placed = expectStatus(
    await buy(node.url, learner.accessToken, { kind: "product", productId: ebook.id, quantity: 1 }, "card"),
    201,
    "card order",
  );
  const asked = stripeRequests.filter((r) => r.body.get("client_reference_id") === placed.order.id).at(-1)!.body;
  expect([...asked.keys()].some((k) => k.startsWith("shipping_address_collection"))).toBe(false);
});

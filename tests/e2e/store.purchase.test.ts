import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn as signInPage } from "../helpers/browser";
import { registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { png } from "../helpers/png";
import type { ServerNodeHandle } from "../helpers/server";
import { storeEnv } from "../helpers/store";

const UI_TIMEOUT_MS = 20_000;
const PRODUCT = `Chalk pastel set ${Date.now().toString(36)}`;
/** Slow enough that the upload's progress bar can be seen (and photographed) on a loopback S3. */
const UPLOAD_BYTES_PER_SECOND = 48 * 1024;

// The node serves the web build it finds when it starts: build first.
beforeAll(ensureWebBuild, 300_000);

let nodes: ServerNodeHandle[];
let browser: Browser;
let admin: TestAccount;
let learner: TestAccount;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const names = newClusterNames();
  // The second node shares the database but has no Stripe keys: card payments are off there.
  const withoutStripe = Object.fromEntries(Object.entries(storeEnv()).filter(([key]) => !key.startsWith("STRIPE")));
  nodes = [...(await startCluster(1, storeEnv(), names)), ...(await startCluster(1, withoutStripe, names))];
  admin = await loginDemo(nodes[0]!.url, "admin");
  learner = await registerUser(nodes[0]!.url);
  await grant(nodes[0]!.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: "e2e:answers",
    detail: { correct: 12, total: 12 },
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stopAll(nodes ?? []);
});

async function signIn(account: TestAccount, baseURL = nodes[0]!.url): Promise<Page> {
  const page = await signInPage(browser, baseURL, account, {
    context: { viewport: { width: 1280, height: 900 } },
    onPage: (p) => p.on("pageerror", (error) => pageErrors.push(`${error.message}\n${error.stack}`)),
  }).catch((error: Error) => {
    throw new Error(`${error.message}\npage errors: ${pageErrors.join("\n")}`);
  });
  contexts.push(page.context());
  return page;
}

const PASTELS: Array<[number, number, number]> = [
  [244, 170, 160],
  [250, 214, 140],
  [168, 220, 180],
  [150, 196, 236],
  [206, 176, 232],
];

/** A 320×240 picture of five pastel sticks on a board; the grain keeps it from compressing to nothing. */
function productImage(): Buffer {
  return png(320, 240, (x, y) => {
    const stick = Math.floor((x - 40) / 48);
    const onStick = x >= 40 && x < 280 && (x - 40) % 48 < 36 && y > 70 + stick * 6 && y < 170 + stick * 6;
    const [r, g, b] = onStick ? PASTELS[stick]! : [29 + y / 12, 72 + y / 10, 62 + y / 14];
    const grain = (Math.random() - 0.5) * 24;
    return [r, g, b].map((c) => Math.max(0, Math.min(255, Math.round(c + grain)))) as [number, number, number];
  });
}

/** Fills the shipping form inside `scope`. */
async function fillAddress(scope: Locator, name: string): Promise<void> {
  const form = scope.getByTestId("shipping-form");
  await form.getByLabel("Full name").fill(name);
  await form.getByLabel("Address", { exact: true }).fill("12 Chalk Lane");
  await form.getByLabel("City").fill("Lyon");
  await form.getByLabel("Postal code").fill("69001");
  await form.getByLabel("Country").selectOption("FR");
}

it("an admin adds a product with an uploaded image; a learner buys it with points and sees the order", {
  timeout: 240_000,
}, async () => {
  const shop = await signIn(admin);
  await shop.goto("/admin/store");
  await shop.getByRole("button", { name: "New product" }).click();
  await shop.getByLabel("Name").fill(PRODUCT);
  await shop.getByLabel("Description").fill("Five soft pastels for the whiteboard wall, posted to you.");
  await shop.getByLabel("Kind").selectOption("physical");
  await shop.getByLabel("Stock").fill("7");
  await shop.getByLabel("Price in points").fill("40");
  await shop.getByLabel(/^Price \(/).fill("3.50");

  // The upload goes straight from the browser to S3, throttled so that its progress shows.
  const cdp = await shop.context().newCDPSession(shop);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: UPLOAD_BYTES_PER_SECOND,
  });
  const image = productImage();
  expect(image.length).toBeGreaterThan(UPLOAD_BYTES_PER_SECOND * 2);
  await shop
    .getByTestId("upload-product_image")
    .setInputFiles({ name: "pastels.png", mimeType: "image/png", buffer: image });
  const progress = shop.getByRole("progressbar", { name: /Uploading/ });
  await progress.waitFor({ timeout: UI_TIMEOUT_MS });
  await shop.waitForFunction(
    () => Number(document.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow")) >= 20,
    undefined,
    { timeout: UI_TIMEOUT_MS },
  );
  expect(Number(await progress.getAttribute("aria-valuenow"))).toBeLessThan(100);
  await saveScreenshot(shop, "store-admin-upload-progress");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await shop.locator(".images img").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(shop, "store-admin-product-editor");
  await shop.getByRole("button", { name: "Create product" }).click();
  const row = shop.getByTestId("admin-product").filter({ hasText: PRODUCT });
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await row.locator("img").count()).toBe(1);
  await saveScreenshot(shop, "store-admin-products");

  // The learner buys it with points.
  const buyer = await signIn(learner);
  await buyer.goto("/store");
  const card = buyer.getByTestId("product").filter({ hasText: PRODUCT });
  await card.waitFor({ timeout: UI_TIMEOUT_MS });
  await buyer.waitForFunction(
    (name) =>
      Array.from(document.querySelectorAll<HTMLElement>("[data-testid=product]"))
        .find((el) => el.textContent?.includes(name))
        ?.querySelector<HTMLImageElement>("img")?.complete,
    PRODUCT,
    { timeout: UI_TIMEOUT_MS },
  );
  expect(await buyer.getByTestId("wallet").textContent()).toContain("120 points");
  expect(await card.getByTestId("stock").textContent()).toContain("7 left");
  await saveScreenshot(buyer, "store-grid");
  // It ships: buying it with points asks where to.
  await card.getByTestId("buy-points").click();
  await fillAddress(card, "Ada Learner");
  await saveScreenshot(buyer, "store-shipping-address");
  await card.getByTestId("confirm-buy-points").click();
  await buyer.getByTestId("bought").waitFor({ timeout: UI_TIMEOUT_MS });
  await buyer.getByTestId("wallet").filter({ hasText: "80 points" }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await card.getByTestId("stock").textContent()).toContain("6 left");
  await saveScreenshot(buyer, "store-bought");

  await buyer.goto("/orders");
  const order = buyer.getByTestId("order").filter({ hasText: PRODUCT });
  await order.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await order.getByTestId("order-status").textContent()).toBe("Done");
  expect(await order.getByTestId("order-shipping").textContent()).toContain("12 Chalk Lane");
  await order.getByText("History").click();
  await saveScreenshot(buyer, "store-orders");

  // A profile picture goes up the same way.
  await buyer.getByTitle("Your profile").click();
  await buyer
    .getByTestId("upload-avatar")
    .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: productImage() });
  await buyer.getByTestId("profile-avatar").waitFor({ timeout: UI_TIMEOUT_MS });
  await buyer.waitForFunction(
    () => document.querySelector<HTMLImageElement>("[data-testid=profile-avatar]")?.complete,
    undefined,
    {
      timeout: UI_TIMEOUT_MS,
    },
  );
  await saveScreenshot(buyer, "store-profile-avatar");

  // By card: the server runs stripe-mock, so a test checkout stands in for Stripe's page, asks for the
  // address Stripe would, and pays through the webhook; the order completes as it would in production.
  await buyer.goto("/store");
  await card.getByTestId("buy-card").click();
  await buyer.waitForURL(/\/store\/checkout\/test\?order=[a-f0-9]{24}/, { timeout: UI_TIMEOUT_MS });
  const checkout = buyer.locator("main");
  await fillAddress(checkout, "Ada Card");
  await saveScreenshot(buyer, "store-checkout-test");
  await buyer.getByTestId("complete-test-payment").click();
  await buyer.waitForURL(/\/store\/checkout\/success\?order=[a-f0-9]{24}$/, { timeout: UI_TIMEOUT_MS });
  await buyer.getByTestId("order-status").filter({ hasText: "Done" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(buyer, "store-checkout-success-mock");

  // The admin sees where both go.
  await shop.goto("/admin/store");
  const shipped = shop.getByTestId("order").filter({ hasText: PRODUCT }).getByTestId("order-shipping");
  await shipped.first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect((await shipped.allTextContents()).join(" ")).toMatch(/Ada Card[\s\S]*Ada Learner|Ada Learner[\s\S]*Ada Card/);
  await saveScreenshot(shop, "store-admin-orders-shipping");

  // A node without Stripe keys says so, and offers points only.
  const elsewhere = await signIn(learner, nodes[1]!.url);
  await elsewhere.goto("/store");
  await elsewhere.getByTestId("card-unavailable").waitFor({ timeout: UI_TIMEOUT_MS });
  const offline = elsewhere.getByTestId("product").filter({ hasText: PRODUCT });
  expect(await offline.getByTestId("buy-card").isDisabled()).toBe(true);
  await saveScreenshot(elsewhere, "store-card-unavailable");
  expect(pageErrors).toEqual([]);
});

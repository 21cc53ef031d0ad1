import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import type { ServerNodeHandle } from "../helpers/server";
import { createProduct, storeEnv } from "../helpers/store";

const UI_TIMEOUT_MS = 20_000;
const SUFFIX = Date.now().toString(36);

beforeAll(ensureWebBuild, 300_000);

let nodes: ServerNodeHandle[];
let browser: Browser;
let learner: TestAccount;
let page: Page;

beforeAll(async () => {
  nodes = await startCluster(1, storeEnv());
  const url = nodes[0]!.url;
  const admin = await loginDemo(url, "admin");
  learner = await registerUser(url);
  // 12 right answers: 120 points.
  await grant(url, admin.accessToken, {
    userId: learner.user.id,
    reason: "quiz_correct_answers",
    key: "e2e:short",
    detail: { correct: 12, total: 12 },
  });
  await createProduct(url, admin.accessToken, { name: `Wall chart ${SUFFIX}`, pricePoints: 132, stock: 3 });
  await createProduct(url, admin.accessToken, { name: `Sticker sheet ${SUFFIX}`, pricePoints: 100, stock: 3 });
  browser = await launchBrowser();
  page = await signIn(browser, url, learner, { context: { viewport: { width: 1280, height: 900 } } });
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await stopAll(nodes ?? []);
});

it("Buy with points is disabled, saying how many points are missing, when the balance is short", {
  timeout: 120_000,
}, async () => {
  await page.goto("/store");
  const chart = page.getByTestId("product").filter({ hasText: `Wall chart ${SUFFIX}` });
  const sticker = page.getByTestId("product").filter({ hasText: `Sticker sheet ${SUFFIX}` });
  await chart.getByTestId("points-needed").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByTestId("wallet").textContent()).toContain("120 points");
  expect((await chart.getByTestId("points-needed").textContent())?.trim()).toBe("12 more points needed");
  expect(await chart.getByTestId("buy-points").isDisabled()).toBe(true);
  expect(await sticker.getByTestId("points-needed").count()).toBe(0);
  expect(await sticker.getByTestId("buy-points").isDisabled()).toBe(false);
  await saveScreenshot(page, "store-points-needed");

  // Nothing was attempted, so nothing is listed.
  const mine = await api(nodes[0]!.url, "GET", "/api/orders", { token: learner.accessToken });
  expect(mine.body.orders).toEqual([]);
});

import { utcDayOf } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { analyticsKeys } from "../../server/src/features/analytics/analytics.keys";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { openStores, type Stores } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;
const DAYS = 30;

const names = newClusterNames();
const held = browserForFile();
let node: ServerNodeHandle;
let stores: Stores;
let admin: TestAccount;

/**
 * A month of history as the counters would have kept it: one document per past day, and the days'
 * active accounts in their HyperLogLogs. Today's figures come from what the test itself does.
 */
async function seedHistory() {
  for (let back = DAYS - 1; back >= 1; back--) {
    const day = utcDayOf(new Date(Date.now() - back * 86_400_000));
    const wave = Math.round(10 + 8 * Math.sin(back / 3));
    const counts = {
      signups: Math.round(wave / 3),
      classesHeld: back % 7 < 5 ? 2 : 0,
      attendances: back % 7 < 5 ? wave + 6 : 0,
      messages: wave * 12,
      enrolments: Math.round(wave / 2),
      completions: Math.round(wave / 6),
      quizAttempts: wave * 2,
      quizPasses: Math.round(wave * 1.4),
      grossCents: wave * 1500,
      "gross:plan:monthly": wave * 900,
      "gross:plan:yearly": wave * 600,
      refundCents: back % 9 === 0 ? 2000 : 0,
      mrrCents: (DAYS - back) * 900,
      activeUsers: wave * 3,
    };
    await stores.db
      .collection<{ _id: string; counts: Record<string, number> }>("dailyStats")
      .insertOne({ _id: day, counts });
    const users = Array.from({ length: wave * 3 }, (_, i) => `user-${(i + back * 7) % 120}`);
    await stores.redis.pfadd(analyticsKeys.active(stores.prefix, day), ...users);
  }
}

beforeAll(async () => {
  [node] = (await startCluster(1, ROOMY_LIMITS, names)) as [ServerNodeHandle];
  stores = await openStores(names);
  admin = await loginDemo(node.url, "admin");
  await seedHistory();
  // Something for the audit log to show.
  const learner = await registerUser(node.url);
  const role = await api(node.url, "PATCH", `/api/admin/users/${learner.user.id}/role`, {
    token: admin.accessToken,
    body: { role: "guardian" },
  });
  expect(role.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await stores?.close();
  await stopAll(node ? [node] : []);
});

it("an admin opens the analytics dashboard and sees its charts drawn", { timeout: 120_000 }, async () => {
  const errors: string[] = [];
  const page = await signIn(held.browser, node.url, admin, {
    context: { viewport: { width: 1360, height: 1000 } },
    onPage: (p) => p.on("pageerror", (error) => errors.push(error.message)),
  });
  await page.getByRole("link", { name: "Analytics" }).click();
  await page.waitForURL("**/admin/analytics", { timeout: UI_TIMEOUT_MS });
  await page.getByRole("heading", { name: "Analytics" }).waitFor({ timeout: UI_TIMEOUT_MS });
  const figures = page.getByTestId("analytics-figures");
  await figures.waitFor({ timeout: UI_TIMEOUT_MS });
  // The admin signing in is today's active user.
  await expect.poll(() => figures.getByText("active today").locator("..").textContent()).toMatch(/^\s*[1-9]/);

  const charts = page.locator("figure.chart canvas");
  await expect.poll(() => charts.count(), { timeout: UI_TIMEOUT_MS }).toBe(8);
  // chart.js has drawn: each canvas has pixels that are not blank.
  const drawn = await charts.evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked;
    }),
  );
  expect(drawn.every((inked) => inked > 500)).toBe(true);
  await expect.poll(() => page.getByRole("heading", { name: "Learning funnel" }).isVisible()).toBe(true);
  await saveScreenshot(page, "admin-analytics-dashboard");

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("cell", { name: "user.role_changed" }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "admin-audit-log");
  await page.getByRole("link", { name: "Payouts" }).click();
  await page.getByRole("heading", { name: "Instructor payouts" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("columnheader", { name: "Payout" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "admin-payouts");
  expect(errors).toEqual([]);
  await page.context().close();
});

it("a learner opens Plus and sees both plans and the coupon field", { timeout: 60_000 }, async () => {
  const learner = await registerUser(node.url);
  const page = await signIn(held.browser, node.url, learner, { context: { viewport: { width: 1280, height: 800 } } });
  await page.getByRole("link", { name: "Plus" }).click();
  await page.getByRole("heading", { name: "Chalkline Plus" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: /^Monthly/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: /^Yearly/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByLabel("Coupon (optional)").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "learner-plus");
  await page.context().close();
});

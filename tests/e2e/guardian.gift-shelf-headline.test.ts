import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { createGift, grantPoints, guardianCluster, linkedPair } from "../helpers/guardians";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const cluster = guardianCluster(1);

it("the gift shelf counts gifts ready to open instead of saying every gift is unlocked", {
  timeout: 120_000,
}, async () => {
  const url = cluster.nodes[0]!.url;
  const { learner, guardian } = await linkedPair(url);
  for (const [title, threshold] of [
    ["Cinema night", 10],
    ["Extra story", 20],
  ] as const) {
    await createGift(url, guardian, learner.user.id, { kind: "custom", payer: "learner", title, threshold });
  }
  // Two grants of 10 points unlock both; neither is opened.
  await grantPoints([url], cluster.admin, learner.user.id, "shelf", 2);

  const page = await signIn(web.browser, url, learner, { context: { viewport: { width: 1280, height: 900 } } });
  await page.goto("/family");
  await expect.poll(() => page.getByTestId("ready-gift").count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
  const headline = (await page.getByTestId("gifts-headline").textContent())!.trim();
  expect(headline).toBe("2 gifts are ready to open");
  expect(await page.getByTestId("locked-gifts").textContent()).not.toContain("Every gift is unlocked");
  await saveScreenshot(page, "gift-shelf-ready-to-open");
});

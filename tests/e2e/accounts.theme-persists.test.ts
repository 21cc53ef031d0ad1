import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const held = browserForFile();
let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

const omar = { email: DEMO_USERS.find((u) => u.email.startsWith("omar"))!.email, password: DEMO_PASSWORD };
/** The dark theme's page background (app.css `--bg`). */
const DARK_BG = "rgb(16, 21, 19)";

const themeOf = (page: Page) =>
  page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
  }));

/** Reloads `page` and returns the theme the server rendered the document in, before any script ran. */
async function serverTheme(page: Page): Promise<string | undefined> {
  const response = await page.reload();
  return /<html[^>]*data-theme="(\w+)"/.exec((await response?.text()) ?? "")?.[1];
}

it("a theme chosen on the profile is the account's: kept across a reload and on another device, from the first paint", async () => {
  // A device in light mode: the chosen dark theme wins over it.
  const context = { colorScheme: "light" as const, viewport: { width: 1280, height: 900 } };
  const laptop = await signIn(held.browser, node.url, omar, { context });
  expect(await themeOf(laptop)).toMatchObject({ theme: "system" });
  await laptop.goto("/profile");
  await laptop.getByRole("radio", { name: "Dark" }).check();
  await laptop.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  expect((await themeOf(laptop)).background).toBe(DARK_BG);

  expect(await serverTheme(laptop)).toBe("dark");
  await laptop.getByRole("radio", { name: "Dark" }).waitFor();
  expect(await laptop.getByRole("radio", { name: "Dark" }).isChecked()).toBe(true);
  expect(await themeOf(laptop)).toEqual({ theme: "dark", background: DARK_BG });
  await saveScreenshot(laptop, "theme-dark-profile");

  // Another device: the account brings its theme, and its next page is rendered dark.
  const phone = await signIn(held.browser, node.url, omar, {
    context: { ...context, viewport: { width: 390, height: 844 } },
  });
  await phone.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  expect(await serverTheme(phone)).toBe("dark");
  await phone.getByTestId("user-name").waitFor();
  expect((await themeOf(phone)).background).toBe(DARK_BG);
  await saveScreenshot(phone, "theme-dark-dashboard-phone");

  // Back to the device's own setting: light here.
  await laptop.getByRole("radio", { name: "Like my device" }).check();
  await laptop.waitForFunction(() => document.documentElement.dataset.theme === "system");
  expect((await themeOf(laptop)).background).not.toBe(DARK_BG);
  await laptop.context().close();
  await phone.context().close();
}, 90_000);

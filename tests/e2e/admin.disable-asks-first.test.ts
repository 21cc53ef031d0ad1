import type { UserView } from "@chalkline/shared";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

let node: ServerNodeHandle;
let browser: Browser;
let admin: TestAccount;

beforeAll(async () => {
  await ensureWebBuild();
  [node] = (await startCluster(1, ROOMY_LIMITS)) as [ServerNodeHandle];
  admin = await loginDemo(node.url, "admin");
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stopAll(node ? [node] : []);
});

/** Whether the account is disabled, as the admin API says. */
async function isDisabled(account: TestAccount): Promise<boolean> {
  const found = await api<{ users: UserView[] }>(
    node.url,
    "GET",
    `/api/admin/users?q=${encodeURIComponent(account.email)}`,
    {
      token: admin.accessToken,
    },
  );
  const user = found.body.users.find((u) => u.id === account.user.id);
  if (!user) throw new Error(`${account.email} not found`);
  return user.disabled;
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);

it("disabling an account asks first in the page; Cancel and Escape change nothing", {
  timeout: 120_000,
}, async () => {
  const learner = await registerUser(node.url);
  const page = await signIn(browser, node.url, admin, { context: { viewport: { width: 1280, height: 900 } } });
  let nativeDialogs = 0;
  page.on("dialog", (dialog) => {
    nativeDialogs++;
    void dialog.dismiss();
  });
  await page.goto("/admin/users");
  await page.getByLabel("Search").fill(learner.email);
  const disable = page.getByRole("button", { name: `Disable ${learner.user.displayName}` });
  await disable.click({ timeout: UI_TIMEOUT_MS });

  // A labelled modal dialog, focus on the safe answer, Tab kept inside.
  const dialog = page.getByRole("alertdialog", { name: `Disable ${learner.user.displayName}'s account?` });
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await dialog.getAttribute("aria-describedby")).toBeTruthy();
  expect(await focusedText(page)).toBe("Cancel");
  await page.keyboard.press("Tab");
  expect(await focusedText(page)).toBe("Disable account");
  await page.keyboard.press("Tab");
  expect(await focusedText(page)).toBe("Cancel");
  await page.keyboard.press("Shift+Tab");
  expect(await focusedText(page)).toBe("Disable account");
  await saveScreenshot(page, "confirm-disable-account");

  // Cancel: nothing happens, the account stays active.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT_MS });
  expect(await isDisabled(learner)).toBe(false);
  expect(await page.getByRole("button", { name: `Disable ${learner.user.displayName}` }).isVisible()).toBe(true);

  // Escape cancels as well.
  await disable.click();
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden", timeout: UI_TIMEOUT_MS });
  expect(await isDisabled(learner)).toBe(false);

  // Going ahead disables the account.
  await disable.click();
  await dialog.getByRole("button", { name: "Disable account" }).click({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: `Enable ${learner.user.displayName}` }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await isDisabled(learner)).toBe(true);
  expect(nativeDialogs).toBe(0);
  await page.context().close();
});

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { registerUser } from "../helpers/clients";
import { uniqueName } from "../helpers/ids";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";
import { nextStepCode, totpCode } from "../helpers/two-factor";

const UI_TIMEOUT_MS = 15_000;

let server: ServerNodeHandle;
let browser: Browser;
beforeAll(async () => {
  await ensureWebBuild();
  const name = uniqueName("e2e_2fa");
  server = await startServerNode({ services: inject("services"), dbName: name, keyPrefix: name });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("enrolling shows a QR code and recovery codes; the next sign-in asks for a code after the password", async () => {
  const learner = await registerUser(server.url);
  const page = await signIn(browser, server.url, learner, { context: { viewport: { width: 1280, height: 900 } } });
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await page.goto("/profile");
  await page.getByTestId("security-link").click();
  await page.waitForURL("**/profile/security", { timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const qr = page.getByTestId("two-factor-qr");
  await qr.waitFor({ timeout: UI_TIMEOUT_MS });
  // The QR is a real image the browser decoded, not an empty box.
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await saveScreenshot(page, "two-factor-enrol-qr");

  const secret = (await page.locator("code.secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").locator("li");
  await codes.first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await codes.count()).toBe(10);
  await page.getByText(/^\s*On\.\s*$/).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "two-factor-recovery-codes");

  // The sessions on this page: this browser, marked as such.
  await page.getByTestId("session-list").getByText("This device").waitFor({ timeout: UI_TIMEOUT_MS });

  // A new browser: password, then the code.
  const fresh = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
  const second = await fresh.newPage();
  await second.goto("/login");
  await second.getByLabel("Email").fill(learner.email);
  await second.getByLabel("Password", { exact: true }).fill(learner.password);
  await second.getByRole("button", { name: "Log in" }).click();
  await second.getByTestId("two-factor-step").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(second, "two-factor-sign-in-code");
  await second.getByLabel("Code from your authenticator app").fill(nextStepCode(secret));
  await second.getByRole("button", { name: "Verify" }).click();
  await second.waitForURL("**/dashboard", { timeout: UI_TIMEOUT_MS });
  expect(pageErrors).toEqual([]);
  await fresh.close();
  await page.context().close();
});

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot } from "../helpers/browser";
import { registerUser } from "../helpers/clients";
import { uniqueName } from "../helpers/ids";
import { waitForMail } from "../helpers/mail";
import { resetLink } from "../helpers/password-reset";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const UI_TIMEOUT_MS = 15_000;

let server: ServerNodeHandle;
let browser: Browser;
beforeAll(async () => {
  await ensureWebBuild();
  const name = uniqueName("e2e_reset");
  server = await startServerNode({ services: inject("services"), dbName: name, keyPrefix: name });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("a learner who forgot their password resets it from the email's link and logs in with the new one", async () => {
  const learner = await registerUser(server.url);
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL("**/password/forgot", { timeout: UI_TIMEOUT_MS });
  await page.getByLabel("Email").fill(learner.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.getByTestId("reset-sent").getByText(learner.email).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "accounts-reset-check-email");

  // The mail as Mailpit shows it; its button opens the reset page.
  const mail = await waitForMail(learner.email, { count: 2 });
  expect(mail.Subject).toBe("Reset your Chalkline password");
  expect(resetLink(mail).link.startsWith(`${server.url}/password/reset#token=`)).toBe(true);
  await page.goto(`${inject("services").mail.apiUrl}/view/${mail.ID}.html`);
  await saveScreenshot(page, "accounts-reset-mail");
  await page.getByRole("link", { name: "Choose a new password" }).click();
  await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor({ timeout: UI_TIMEOUT_MS });
  // The one-time token leaves the address bar as soon as the page has read it.
  await expect.poll(() => page.url()).not.toContain("token=");

  const newPassword = "a much better passphrase";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await saveScreenshot(page, "accounts-reset-new-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.getByRole("heading", { level: 1, name: "Password changed" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "accounts-reset-done");

  await page.getByTestId("reset-login").click();
  await page.getByLabel("Email").fill(learner.email);
  await page.getByLabel("Password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/dashboard", { timeout: UI_TIMEOUT_MS });
  expect(pageErrors).toEqual([]);
  await context.close();
});

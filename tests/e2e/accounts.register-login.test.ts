import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot } from "../helpers/browser";
import { uniqueName } from "../helpers/ids";
import { signupLink, waitForMail } from "../helpers/mail";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const UI_TIMEOUT_MS = 15_000;

/** Waits until the element's whole text is `expected`, and says what it was instead if it never is. */
async function expectText(locator: Locator, expected: string): Promise<void> {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  try {
    await locator.filter({ hasText: new RegExp(`^\\s*${escaped}\\s*$`) }).waitFor({ timeout: UI_TIMEOUT_MS });
  } catch {
    const actual = await locator.textContent({ timeout: 1_000 }).catch(() => "(element not found)");
    expect(actual?.trim(), `text of ${locator}`).toBe(expected);
  }
}

async function expectDashboard(page: Page, displayName: string): Promise<void> {
  await page.waitForURL("**/dashboard", { timeout: UI_TIMEOUT_MS });
  await expectText(page.getByTestId("user-name"), displayName);
  await expectText(page.getByTestId("connection-status"), "connected");
}

describe("accounts in the browser", () => {
  let server: ServerNodeHandle;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    await ensureWebBuild();
    const name = uniqueName("e2e_accounts");
    server = await startServerNode({ services: inject("services"), dbName: name, keyPrefix: name });
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("signs a learner up through the emailed link, logs out, logs back in, and stays signed in across a reload", async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    const displayName = "Ada Lovelace";
    const email = `${uniqueName("learner")}@example.com`;
    const password = "correct horse battery";

    // Register
    await page.goto("/register");
    await page.getByLabel("Display name").fill(displayName);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("radio", { name: /Learner/ }).check();
    await saveScreenshot(page, "accounts-register");
    await page.getByRole("button", { name: "Create account" }).click();

    // Nothing is signed in yet: the page says to open the link that was mailed.
    await expectText(page.getByRole("heading", { level: 1 }), "Check your email");
    await page.getByTestId("check-email").getByText(email).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, "accounts-check-email");

    // Open the mail as Mailpit shows it, and click its button: the link signs the new learner in,
    // and the dashboard greets them over a live connection.
    const mail = await waitForMail(email);
    expect(signupLink(mail).link.startsWith(`${server.url}/signup/complete#token=`)).toBe(true);
    await page.goto(`${inject("services").mail.apiUrl}/view/${mail.ID}.html`);
    await saveScreenshot(page, "accounts-signup-mail");
    await page.getByRole("link", { name: "Create my account" }).click();
    await expectDashboard(page, displayName);
    // The one-time token does not stay in the address bar or the history.
    expect(page.url()).not.toContain("token=");
    await saveScreenshot(page, "accounts-dashboard");

    // Log out: back to the login page, and the refresh cookie no longer restores a session.
    await page.getByTestId("logout").click();
    await page.waitForURL("**/login", { timeout: UI_TIMEOUT_MS });
    await page.getByRole("button", { name: "Log in" }).waitFor({ timeout: UI_TIMEOUT_MS });
    await saveScreenshot(page, "accounts-login");
    await page.goto("/dashboard");
    await page.waitForURL("**/login", { timeout: UI_TIMEOUT_MS });

    // Log in again.
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expectDashboard(page, displayName);

    // A reload keeps nothing in memory: the session comes back from the httpOnly refresh cookie.
    await page.reload();
    await expectDashboard(page, displayName);

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

import type { WebSocket } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot } from "../helpers/browser";
import { registerUser } from "../helpers/clients";
import { nodeForFile } from "../helpers/cluster";
import { totpCode } from "../helpers/two-factor";

const UI_TIMEOUT_MS = 15_000;
/** Longer than the connection's first retries (about 1 s, then 2 s): a retrying client would show them. */
const QUIET_MS = 5_000;

const held = browserForFile();
const node = nodeForFile({ TWO_FACTOR_REQUIRED_ROLES: "learner" });

it("an account that must turn on two-factor sign-in is sent to do it; its live connection waits, then connects once it is on", async () => {
  const learner = await registerUser(node.url);
  const context = await held.browser.newContext({ baseURL: node.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sockets: WebSocket[] = [];
  page.on("websocket", (ws) => {
    if (ws.url().includes("/socket.io/")) sockets.push(ws);
  });

  await page.goto("/login");
  await page.getByLabel("Email").fill(learner.email);
  await page.getByLabel("Password", { exact: true }).fill(learner.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/profile/security", { timeout: UI_TIMEOUT_MS });

  // The handshake was refused once; nothing tries again while the account has no second factor.
  await page.waitForTimeout(QUIET_MS);
  expect(sockets).toHaveLength(1);

  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await page.getByTestId("two-factor-qr").waitFor({ timeout: UI_TIMEOUT_MS });
  const secret = (await page.locator("code.secret").textContent())?.trim() ?? "";
  await page.getByLabel("Code from the app").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByTestId("recovery-codes").locator("li").first().waitFor({ timeout: UI_TIMEOUT_MS });

  // Turned on: the connection opens at once, and the rest of the app is reachable.
  await expect.poll(() => sockets.length, { timeout: UI_TIMEOUT_MS }).toBe(2);
  await page.goto("/dashboard");
  await page
    .locator('[data-testid="connection-status"][data-connection="connected"]')
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "two-factor-required-connected");
  await context.close();
}, 90_000);

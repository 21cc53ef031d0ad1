import { COLLAB_PATH } from "@chalkline/shared";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

const UI_TIMEOUT_MS = 20_000;
const MAX_DOC_BYTES = 64 * 1024;

const cluster = classCluster(1, 1, { ...ROOMY_LIMITS, COLLAB_MAX_DOC_BYTES: String(MAX_DOC_BYTES) });
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

it("a paste the full document refuses says so in the editor, and the editor stops reconnecting", async () => {
  const page = await signIn(browser, cluster.nodes[0]!.url, cluster.fixture.learners[0]!, {
    context: { viewport: { width: 1280, height: 860 } },
  });
  let collabSockets = 0;
  page.on("websocket", (ws) => {
    if (new URL(ws.url()).pathname.startsWith(`${COLLAB_PATH}/`)) collabSockets += 1;
  });
  await page.goto(`/rooms/${cluster.fixture.roomId}/workspace`);
  const status = page.getByTestId("collab-status");
  await status.filter({ hasText: /^synced$/ }).waitFor({ timeout: UI_TIMEOUT_MS });

  // Random letters: more than the whole document may hold, in one paste.
  const marker = "PASTED-PAST-THE-LIMIT";
  const filler = Array.from({ length: MAX_DOC_BYTES + 8_000 }, () => Math.random().toString(36)[2]).join("");
  await page.getByTestId("code-editor").locator(".cm-content").click();
  await page.keyboard.insertText(`${marker}\n${filler}`);

  const problem = page.getByTestId("collab-problem");
  await problem.filter({ hasText: "This document is full" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "collab-document-full");
  const opened = collabSockets;
  // A reconnect loop would open another socket within its first back-off (a fraction of a second).
  await page.waitForTimeout(3_000);
  expect(collabSockets).toBe(opened);
  expect(await status.textContent()).toContain("offline");

  // A reload starts from what the server kept: without the refused paste, and without the message.
  await page.reload();
  await status.filter({ hasText: /^synced$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByTestId("code-editor").locator(".cm-content").textContent()).not.toContain(marker);
  expect(await problem.count()).toBe(0);
  await page.context().close();
});

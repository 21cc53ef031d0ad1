import { freePort } from "@chalkline/server/embedded";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";
import { TcpProxy } from "../helpers/tcp-proxy";

const UI_TIMEOUT_MS = 20_000;

let nodes: ServerNodeHandle[];
let proxy: TcpProxy;
let browser: Browser;
const contexts: BrowserContext[] = [];
let roomId: string;
let ada: TestAccount;
let bea: TestAccount;

beforeAll(async () => {
  await ensureWebBuild();
  const nodePort = await freePort();
  const proxyPort = await freePort();
  const origins = [`http://127.0.0.1:${nodePort}`, `http://127.0.0.1:${proxyPort}`].join(",");
  nodes = await startCluster(1, { ...ROOMY_LIMITS, ALLOWED_ORIGINS: origins }, undefined, [nodePort]);
  proxy = await TcpProxy.start(proxyPort, nodePort);
  const fixture = await classWithLearners(nodes[0]!.url, 2);
  [ada, bea] = fixture.learners as [TestAccount, TestAccount];
  const study = await api(nodes[0]!.url, "POST", "/api/rooms/study", {
    token: ada.accessToken,
    body: { name: "Evening study", memberLimit: 4, courseId: fixture.course.id },
  });
  await api(nodes[0]!.url, "POST", "/api/rooms/join", {
    token: bea.accessToken,
    body: { code: study.body.inviteCode },
  });
  roomId = study.body.id;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await proxy?.close();
  await stopAll(nodes ?? []);
});

async function openRoom(baseURL: string, account: TestAccount): Promise<Page> {
  const page = await signIn(browser, baseURL, account, { context: { viewport: { width: 1200, height: 800 } } });
  contexts.push(page.context());
  await page.goto(`/rooms/${roomId}`);
  await page.getByTestId("composer").waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer").fill(text);
  await page.getByTestId("send").click();
}

const texts = (page: Page) => page.getByTestId("message").getByTestId("message-text").allTextContents();

it("two users chat in a study room; one goes offline and back and sees what was sent meanwhile", {
  timeout: 180_000,
}, async () => {
  const a = await openRoom(nodes[0]!.url, ada);
  const b = await openRoom(proxy.url, bea);

  await send(a, "Hi Bea, ready for the exercise?");
  await expect.poll(() => texts(b), { timeout: UI_TIMEOUT_MS }).toContain("Hi Bea, ready for the exercise?");
  await send(b, "Yes! Starting now.");
  await expect.poll(() => texts(a), { timeout: UI_TIMEOUT_MS }).toContain("Yes! Starting now.");

  proxy.cut();
  await b.getByTestId("reconnect-banner").waitFor({ state: "visible", timeout: UI_TIMEOUT_MS });
  const missed = ["Question 1 is about loops", "Question 2 needs a function", "Ping me when you're back"];
  for (const text of missed) await send(a, text);
  await expect.poll(() => texts(a), { timeout: UI_TIMEOUT_MS }).toContain(missed[2]);
  await saveScreenshot(b, "chat-offline");

  proxy.restore();
  await b.getByTestId("reconnect-banner").waitFor({ state: "hidden", timeout: 60_000 });
  const seen = await texts(b);
  expect(seen.slice(-missed.length)).toEqual(missed);
  expect(new Set(seen).size).toBe(seen.length);
  const seqs = await b.getByTestId("message").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  await saveScreenshot(b, "chat-caught-up");
  await saveScreenshot(a, "chat-sender");

  // Ada's moderation menu opens, and Escape closes it again.
  await a.getByTestId("room-settings").click();
  await a.getByTestId("lock-room").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(a, "chat-moderation-menu");
  await a.keyboard.press("Escape");
  await a.getByTestId("lock-room").waitFor({ state: "hidden", timeout: UI_TIMEOUT_MS });

  // Bea leaves the room (Ada owns it and cannot); her room list no longer has it, and Ada sees her go.
  await expect(a.getByTestId("quit-room").count()).resolves.toBe(0);
  await b.getByTestId("quit-room").click();
  // The page asks in its own dialog before going ahead.
  await b.getByTestId("confirm-accept").click({ timeout: UI_TIMEOUT_MS });
  await b.waitForURL(/\/rooms$/, { timeout: UI_TIMEOUT_MS });
  await b.locator(`[data-testid="room-link"]`).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expect(b.locator(`[data-testid="room-link"][data-room-id="${roomId}"]`).count()).resolves.toBe(0);
  for (const list of ["presence", "members"]) {
    await expect
      .poll(() => a.getByTestId(list).textContent(), { timeout: UI_TIMEOUT_MS })
      .not.toContain(bea.user.displayName);
  }
});

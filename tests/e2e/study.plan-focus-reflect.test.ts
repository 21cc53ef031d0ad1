import { periodKeys } from "@chalkline/shared";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, registerUser, type TestAccount } from "../helpers/clients";
import { newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { openStores, type Stores } from "../helpers/ledger";
import { ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";
import { addSubject, LONG_FOCUS, seedSession } from "../helpers/study";

const UI_TIMEOUT_MS = 20_000;
/** The focus length the learner picked: short, so the test watches a whole block end. */
const FOCUS_SECONDS = 6;

beforeAll(ensureWebBuild, 300_000);

let nodes: ServerNodeHandle[];
let stores: Stores;
let browser: Browser;
let learner: TestAccount;
let page: Page;
let seededDay: string;

beforeAll(async () => {
  const names = newClusterNames();
  nodes = await startCluster(1, ROOMY_LIMITS, names);
  stores = await openStores(names);
  const url = nodes[0]!.url;
  learner = await registerUser(url);
  const subject = await addSubject(url, learner, "Biology", 60);
  // Some history for the heatmap: half an hour two days ago (new learners are on UTC).
  await api(url, "PUT", "/api/study/settings", { token: learner.accessToken, body: LONG_FOCUS });
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  await seedSession(url, stores, learner, subject.id, twoDaysAgo, 30);
  seededDay = periodKeys(twoDaysAgo, "UTC").day;
  await api(url, "PUT", "/api/study/settings", {
    token: learner.accessToken,
    body: { ...LONG_FOCUS, focusSeconds: FOCUS_SECONDS },
  });
  browser = await launchBrowser();
  page = await signIn(browser, url, learner, { context: { viewport: { width: 1280, height: 1000 } } });
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await stores?.close();
  await stopAll(nodes ?? []);
});

it("a learner plans a slot, runs a short focus session, reflects on it, and sees the heatmap and a recommendation", {
  timeout: 120_000,
}, async () => {
  await page.getByRole("link", { name: "Study" }).click();
  await page.waitForURL("**/study");
  await page.getByRole("heading", { name: "Focus timer" }).waitFor({ timeout: UI_TIMEOUT_MS });

  // Plan a slot today (the day picker starts on today) at 18:00.
  const planForm = page.getByRole("form", { name: "Plan a weekly slot" });
  await planForm.getByLabel("Time").fill("18:00");
  await planForm.getByLabel("Minutes").fill("45");
  await planForm.getByRole("button", { name: "Plan slot" }).click();
  await page.getByTestId("todays-plan").getByText("18:00").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByTestId("todays-plan").textContent()).toContain("Biology · 45 min");
  await saveScreenshot(page, "study-planned-slot");

  await page.getByRole("button", { name: "Start focus" }).click();
  const remaining = page.getByTestId("focus-remaining");
  await remaining.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await remaining.textContent()).toMatch(/^0:0[0-6]$/);
  await saveScreenshot(page, "study-focus-running");
  // The block ends on the server's clock; the page says so when it reaches zero.
  await page.getByText("Focus block complete").waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByRole("button", { name: "Finish session" }).click();
  await page.getByText("Session recorded").waitFor({ timeout: UI_TIMEOUT_MS });

  const reflection = page.getByRole("form", { name: "Reflect on the session" });
  await reflection.getByLabel("What went well").fill("Finished the cell diagram");
  await reflection.getByLabel("What got in the way").fill("Noise outside");
  await reflection.getByLabel("4", { exact: true }).check();
  await saveScreenshot(page, "study-reflection");
  await reflection.getByRole("button", { name: "Save reflection" }).click();
  await page.getByText("Reflection saved.").waitFor({ timeout: UI_TIMEOUT_MS });
  const saved = await api<{ reflections: { mood: number; wentWell: string }[] }>(
    nodes[0]!.url,
    "GET",
    "/api/study/reflections",
    {
      token: learner.accessToken,
    },
  );
  expect(saved.body.reflections).toEqual([expect.objectContaining({ mood: 4, wentWell: "Finished the cell diagram" })]);

  // The heatmap holds the seeded half hour; the weekly goal recommendation says what is missing.
  const seeded = page.locator(`[data-testid="heatmap"] rect[data-day="${seededDay}"]`);
  expect(await seeded.getAttribute("data-minutes")).toBe("30");
  const recommendations = page.getByTestId("recommendation");
  await recommendations.first().waitFor({ timeout: UI_TIMEOUT_MS });
  const texts = await recommendations.allTextContents();
  expect(texts.some((t) => /minutes short of this week's goal for Biology/.test(t))).toBe(true);
  await saveScreenshot(page, "study-page");
});

it("a study room's header carries the shared timer: start it, focus with the room, pause", {
  timeout: 60_000,
}, async () => {
  const url = nodes[0]!.url;
  const room = await api<{ id: string }>(url, "POST", "/api/rooms/study", {
    token: learner.accessToken,
    body: { name: "Biology revision", memberLimit: 5 },
  });
  expect(room.status).toBe(201);
  await page.goto(`/rooms/${room.body.id}`);
  const timer = page.getByTestId("group-timer");
  await timer.getByRole("button", { name: "Start group timer" }).click({ timeout: UI_TIMEOUT_MS });
  await timer.getByText("Focus", { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
  await timer.getByText("1 focusing").waitFor({ timeout: UI_TIMEOUT_MS });
  // Members see who is focusing.
  expect(await timer.getByTestId("group-focusing").getAttribute("title")).toBe(learner.user.displayName);
  await timer.getByRole("button", { name: "Pause" }).click();
  await timer.getByRole("button", { name: "Resume" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "study-room-group-timer");
});

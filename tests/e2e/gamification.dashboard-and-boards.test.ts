import type { AdminAwardBody } from "@chalkline/shared";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { classCluster } from "../helpers/rooms";

const UI_TIMEOUT_MS = 20_000;
const DAY_MS = 86_400_000;
const LEARNERS = 12;

const cluster = classCluster(1, LEARNERS);
let browser: Browser;
let admin: TestAccount;
const contexts: BrowserContext[] = [];

/** The viewer's history: seven weeks of lessons and quizzes, a course, a live quiz, a three-day streak. */
function history(userId: string, courseId: string, roomId: string): AdminAwardBody[] {
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
  const awards: Array<AdminAwardBody & { daysAgo: number }> = [];
  const add = (daysAgo: number, reason: AdminAwardBody["reason"], key: string, detail?: AdminAwardBody["detail"]) =>
    awards.push({ userId, reason, key, courseId, roomId, at: at(daysAgo), detail, daysAgo });
  for (const [i, daysAgo] of [45, 40, 36, 30, 25, 21, 16, 12, 8, 2, 1, 0].entries())
    add(daysAgo, "lesson_completed", `lesson:${i}`);
  add(30, "quiz_passed", "quiz:1", { perfect: true });
  add(30, "quiz_correct_answers", "quiz:1:answers", { correct: 20, total: 20 });
  add(12, "quiz_passed", "quiz:2");
  add(12, "quiz_correct_answers", "quiz:2:answers", { correct: 18, total: 20 });
  add(1, "quiz_passed", "quiz:3");
  add(1, "quiz_correct_answers", "quiz:3:answers", { correct: 15, total: 20 });
  add(8, "course_completed", "course:1");
  add(16, "live_quiz", "live:1", { rank: 2, score: 900 });
  // In time order, so the streak runs forward as it would have.
  return awards.sort((a, b) => b.daysAgo - a.daysAgo).map(({ daysAgo: _, ...body }) => body);
}

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
  const { nodes, fixture } = cluster;
  admin = await loginDemo(nodes[0]!.url, "admin");
  const [viewer, ...others] = fixture.learners;
  for (const body of history(viewer!.user.id, fixture.course.id, fixture.roomId)) {
    expect((await grant(nodes[0]!.url, admin.accessToken, body)).status).toBe(201);
  }
  // Everyone else has a strong week, so the viewer starts outside the top ten.
  for (const [i, learner] of others.entries()) {
    const award = { userId: learner.user.id, courseId: fixture.course.id, roomId: fixture.roomId };
    await grant(nodes[0]!.url, admin.accessToken, { ...award, reason: "course_completed", key: "course:1" });
    for (let l = 0; l <= i % 6; l++) {
      await grant(nodes[0]!.url, admin.accessToken, { ...award, reason: "lesson_completed", key: `lesson:${l}` });
    }
  }
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function signedIn(account: TestAccount, opts: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const errors: string[] = [];
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: {
      viewport: { width: opts.width ?? 1280, height: 900 },
      timezoneId: "America/New_York",
      colorScheme: opts.dark ? "dark" : "light",
    },
    onPage: (p) => {
      p.on("pageerror", (error) => errors.push(error.message));
      p.on("close", () => expect(errors).toEqual([]));
    },
  });
  contexts.push(page.context());
  return page;
}

it("shows a learner's level, streak, weekly XP, badges and the week's leaders on the dashboard", {
  timeout: 120_000,
}, async () => {
  const page = await signedIn(cluster.fixture.learners[0]!);
  await page.getByTestId("level-card").waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId("leaderboard-row").first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect(Number(await page.getByTestId("level").textContent())).toBeGreaterThanOrEqual(4);
  expect(await page.getByTestId("streak").textContent()).toContain("3 days");
  expect(await page.getByTestId("badge-earned").count()).toBeGreaterThanOrEqual(8);
  expect(await page.getByTestId("weekly-xp").locator("rect.bar").count()).toBe(8);
  await expect(page.getByRole("button", { name: "Use America/New_York" }).isVisible()).resolves.toBe(true);
  await saveScreenshot(page, "gamification-dashboard");

  const narrow = await signedIn(cluster.fixture.learners[0]!, { width: 390 });
  await narrow.getByTestId("badges").waitFor({ timeout: UI_TIMEOUT_MS });
  await narrow.getByTestId("leaderboard-row").first().waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(narrow, "gamification-dashboard-narrow");
});

it("shows the viewer's own rank outside the top ten, and moves them up live when they earn XP", {
  timeout: 120_000,
}, async () => {
  const viewer = cluster.fixture.learners[0]!;
  const page = await signedIn(viewer);
  await page.goto("/leaderboards");
  const rows = page.getByTestId("leaderboard-panel").getByTestId("leaderboard-row");
  await rows.nth(9).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await rows.count()).toBe(10);
  const me = page.getByTestId("leaderboard-me");
  await me.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await me.textContent()).toMatch(/^\s*12\b/);
  await page.getByTestId("personal-bests").getByText("Best weekly rank").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(page, "gamification-leaderboards-outside-top");

  // A big award now: the board is pushed over the socket, the viewer's row joins the leaders.
  const award = { userId: viewer.user.id, courseId: cluster.fixture.course.id, roomId: cluster.fixture.roomId };
  await grant(cluster.nodes[0]!.url, admin.accessToken, { ...award, reason: "course_completed", key: "course:2" });
  await grant(cluster.nodes[0]!.url, admin.accessToken, {
    ...award,
    reason: "live_quiz",
    key: "live:2",
    detail: { rank: 1, score: 3000 },
  });
  await page.locator('[data-testid="leaderboard-row"][aria-current="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await expect(me.count()).resolves.toBe(0);
  // The side cards follow the viewer's new score.
  await page.waitForFunction(
    () => {
      const text = (selector: string) => document.querySelector(selector)?.textContent?.trim();
      const mine = text('[data-testid="leaderboard-row"][aria-current="true"] .score');
      return mine !== undefined && mine === text('[data-testid="personal-bests"] dd');
    },
    null,
    { timeout: UI_TIMEOUT_MS },
  );
  await page
    .getByTestId("most-improved")
    .getByText(/^\s*You: \+/)
    .waitFor({ timeout: UI_TIMEOUT_MS });
  await page.waitForTimeout(700);
  await saveScreenshot(page, "gamification-leaderboards-live");

  await page.getByText("Class", { exact: true }).click();
  await page.getByText("All time", { exact: true }).click();
  await page.waitForURL(/scope=class/, { timeout: UI_TIMEOUT_MS });
  await page.locator('[data-testid="leaderboard-row"][aria-current="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.getByTestId("leaderboard-panel").getByRole("heading").textContent()).toContain("Course");
  await saveScreenshot(page, "gamification-leaderboards-class-all-time");

  const dark = await signedIn(cluster.fixture.learners[5]!, { dark: true });
  await dark.goto("/leaderboards?scope=course&period=month");
  await dark.locator('[data-testid="leaderboard-row"][aria-current="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await dark.getByTestId("most-improved").getByRole("listitem").first().waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(dark, "gamification-leaderboards-dark");
});

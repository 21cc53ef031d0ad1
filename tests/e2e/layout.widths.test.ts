import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { api, login } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const WIDTHS = [360, 768, 1024, 1280, 1920] as const;
/** Widths whose screenshots are kept, one per page. */
const SHOT_WIDTHS: ReadonlySet<number> = new Set([360, 1280]);
const UI_TIMEOUT_MS = 20_000;

const held = browserForFile();
let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1, { SEED_DEMO_SCOPE: "school" })) as [ServerNodeHandle];
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

const account = (prefix: string) => ({
  email: DEMO_USERS.find((u) => u.email.startsWith(prefix))!.email,
  password: DEMO_PASSWORD,
});

/** What breaks a width: the header's items off its one line, or the page wider than the window. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    const bar = document.querySelector("header .bar");
    if (!bar) return [...problems, "no header"];
    const box = bar.getBoundingClientRect();
    // One line: the bar is no taller than its minimum, and every item sits inside it.
    if (box.height > 72) problems.push(`header ${Math.round(box.height)}px tall`);
    const items = Array.from(bar.querySelectorAll(":scope > *, nav a, .account > *"));
    for (const item of items) {
      const r = item.getBoundingClientRect();
      const shown = getComputedStyle(item).display !== "none" && r.width > 0;
      const inBar = getComputedStyle(item.closest("nav") ?? item).position !== "absolute";
      if (shown && inBar && (r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
        problems.push(`${item.textContent?.trim().slice(0, 20) || item.tagName} off the header's line`);
      }
      if (shown && (r.right > root.clientWidth + 1 || r.left < -1)) problems.push(`${item.tagName} outside the window`);
    }
    return problems;
  });
}

/** Loads `path`, then checks it at every width, keeping screenshots at some. */
async function checkPage(page: Page, path: string, ready: string, name: string): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(path);
  await page.locator(ready).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await page.waitForLoadState("networkidle");
  const found: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const problem of await layoutProblems(page)) found.push(`${path} at ${width}px: ${problem}`);
    if (SHOT_WIDTHS.has(width)) await saveScreenshot(page, `layout-${name}-${width}`);
  }
  return found;
}

it("the header stays on one line and no main page overflows, from 360 to 1920 px", async () => {
  const problems: string[] = [];
  const visitor = await (await held.browser.newContext({ baseURL: node.url })).newPage();
  problems.push(...(await checkPage(visitor, "/", "h1", "home")));
  problems.push(...(await checkPage(visitor, "/login", "form", "login")));
  problems.push(...(await checkPage(visitor, "/register", "form", "register")));
  await visitor.context().close();

  const lena = await login(node.url, account("lena").email, DEMO_PASSWORD);
  const rooms = await api(node.url, "GET", "/api/rooms", { token: lena.accessToken });
  const classRoom = rooms.body.rooms.find(
    (r: { kind: string; name: string }) => r.name === "Introduction to Programming",
  );
  const catalog = await api(node.url, "GET", "/api/courses?q=Introduction", { token: lena.accessToken });
  const courseId = catalog.body.courses[0].id as string;

  const learner = await signIn(held.browser, node.url, account("lena"));
  const learnerPages: Array<[path: string, ready: string, name: string]> = [
    ["/dashboard", "[data-testid=coming-up] li", "learner-dashboard"],
    ["/rooms", "main h1", "learner-rooms"],
    [`/rooms/${classRoom.id}`, "main h1", "learner-class-room"],
    ["/courses", "main h1", "learner-courses"],
    [`/courses/${courseId}`, "main h1", "learner-course"],
    ["/study", "main h1", "learner-study"],
    ["/leaderboards", "main h1", "learner-leaderboards"],
    ["/family", "main h1", "learner-family"],
    ["/store", "main h1", "learner-store"],
    ["/orders", "main h1", "learner-orders"],
    ["/profile", "main h1", "learner-profile"],
  ];
  for (const [path, ready, name] of learnerPages) problems.push(...(await checkPage(learner, path, ready, name)));
  await learner.context().close();

  for (const who of ["teacher", "grace", "admin"]) {
    const page = await signIn(held.browser, node.url, account(who));
    problems.push(...(await checkPage(page, "/dashboard", "main h1", `${who}-dashboard`)));
    if (who === "grace") problems.push(...(await checkPage(page, "/family", "main h1", "guardian-family")));
    if (who === "admin") problems.push(...(await checkPage(page, "/admin/users", "main h1", "admin-users")));
    await page.context().close();
  }
  expect(problems).toEqual([]);
}, 600_000);

it("the dashboard's Coming up lists the learner's next class and lessons to continue or revise", async () => {
  const page = await signIn(held.browser, node.url, account("lena"));
  const comingUp = page.getByTestId("coming-up");
  await comingUp.getByText("Loops, live: FizzBuzz together").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await comingUp.getByRole("link", { name: /Introduction to Programming/ }).count()).toBeGreaterThan(0);
  await page.context().close();
}, 60_000);

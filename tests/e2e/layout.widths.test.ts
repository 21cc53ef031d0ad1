import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { nodeForFile } from "../helpers/cluster";
import { demoAccount, mainPages } from "../helpers/main-pages";

const WIDTHS = [360, 768, 1024, 1280, 1920] as const;
/** Widths whose screenshots are kept, one per page. */
const SHOT_WIDTHS: ReadonlySet<number> = new Set([360, 1280]);
const UI_TIMEOUT_MS = 20_000;

const held = browserForFile();
const node = nodeForFile({ SEED_DEMO_SCOPE: "school" });

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
  const pages = await mainPages(node.url);
  for (const who of new Set(pages.map((p) => p.who))) {
    const page = who
      ? await signIn(held.browser, node.url, demoAccount(who))
      : await (await held.browser.newContext({ baseURL: node.url })).newPage();
    for (const { path, ready, name } of pages.filter((p) => p.who === who)) {
      problems.push(...(await checkPage(page, path, ready, name)));
    }
    await page.context().close();
  }
  expect(problems).toEqual([]);
}, 600_000);

it("the dashboard's Coming up lists the learner's next class and lessons to continue or revise", async () => {
  const page = await signIn(held.browser, node.url, demoAccount("lena"));
  const comingUp = page.getByTestId("coming-up");
  await comingUp.getByText("Loops, live: FizzBuzz together").waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await comingUp.getByRole("link", { name: /Introduction to Programming/ }).count()).toBeGreaterThan(0);
  await page.context().close();
}, 60_000);

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "../helpers/axe";
import { browserForFile, signIn } from "../helpers/browser";
import { startCluster, stopAll } from "../helpers/cluster";
import { demoAccount, type MainPage, mainPages } from "../helpers/main-pages";
import type { ServerNodeHandle } from "../helpers/server";

const THEMES = ["light", "dark"] as const;
const UI_TIMEOUT_MS = 20_000;

const held = browserForFile();
let node: ServerNodeHandle;
let pages: MainPage[] = [];
/** One signed-in tab per account (sign-ins are rate-limited), opened when first needed. */
const tabs = new Map<string | null, Promise<Page>>();

beforeAll(async () => {
  [node] = (await startCluster(1, { SEED_DEMO_SCOPE: "school" })) as [ServerNodeHandle];
  pages = await mainPages(node.url);
}, 120_000);
afterAll(async () => {
  for (const tab of tabs.values()) await (await tab).context().close();
  await stopAll(node ? [node] : []);
});

async function tabFor(who: string | null, colorScheme: (typeof THEMES)[number]): Promise<Page> {
  let tab = tabs.get(who);
  if (!tab) {
    tab = who
      ? signIn(held.browser, node.url, demoAccount(who))
      : held.browser.newContext({ baseURL: node.url }).then((c) => c.newPage());
    tabs.set(who, tab);
  }
  const page = await tab;
  await page.emulateMedia({ colorScheme });
  return page;
}

// The account's theme is "system" in the demo, so the browser's colour scheme picks light or dark.
for (const theme of THEMES) {
  describe(`WCAG 2.2 AA in the ${theme} theme: no serious or critical violation`, () => {
    // Names are fixed here; each test finds its page in the list the running server gives.
    const names = [
      "home",
      "login",
      "register",
      "learner-dashboard",
      "learner-rooms",
      "learner-class-room",
      "learner-courses",
      "learner-course",
      "learner-study",
      "learner-leaderboards",
      "learner-family",
      "learner-store",
      "learner-orders",
      "learner-profile",
      "teacher-dashboard",
      "grace-dashboard",
      "guardian-family",
      "admin-dashboard",
      "admin-users",
    ];
    for (const name of names) {
      it(name, async () => {
        const target = pages.find((p) => p.name === name);
        if (!target) throw new Error(`no main page named ${name}`);
        const page = await tabFor(target.who, theme);
        await page.goto(target.path);
        await page.locator(target.ready).first().waitFor({ timeout: UI_TIMEOUT_MS });
        await page.waitForLoadState("networkidle");
        expect(await seriousViolations(page)).toEqual([]);
      }, 90_000);
    }
  });
}

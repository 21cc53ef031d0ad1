import type { Browser, Page } from "playwright-core";
import type { TestAccount } from "./clients";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;
/** More Tab presses than any page here has stops before the one sought. */
const MAX_TAB_STOPS = 80;

/** Whether the focused element matches `selector`. */
export const focusedIs = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement?.matches(s) === true, selector);

/**
 * Presses Tab (or Shift+Tab) until the focus lands on `selector`, as a keyboard user moves through a
 * page; fails when it never gets there, which is what a control out of the focus order looks like.
 */
export async function tabTo(page: Page, selector: string, direction: "forward" | "back" = "forward"): Promise<void> {
  const key = direction === "forward" ? "Tab" : "Shift+Tab";
  for (let stop = 0; stop < MAX_TAB_STOPS; stop++) {
    if (await focusedIs(page, selector)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${selector} is not reachable with ${key}`);
}

/** The focused element's outline, as the page draws it: a visible focus ring has a style and a width. */
export const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });

/** Logs in through the form with the keyboard alone; `onPage` sees the page before it loads. */
export async function keyboardSignIn(
  browser: Browser,
  baseURL: string,
  account: TestAccount,
  onPage?: (page: Page) => void,
): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  onPage?.(page);
  await page.goto("/login");
  await page.locator('input[type="email"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await tabTo(page, 'input[type="email"]');
  await page.keyboard.type(account.email);
  await tabTo(page, 'input[type="password"]');
  await page.keyboard.type(account.password);
  await page.keyboard.press("Enter");
  await page.waitForURL("**/dashboard", { timeout: UI_TIMEOUT_MS });
  return page;
}

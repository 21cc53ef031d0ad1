import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserForFile, saveScreenshot } from "../helpers/browser";
import { focusedIs, focusRing, keyboardSignIn, tabTo } from "../helpers/keyboard";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Generous: a condition is waited for, never timed. */
const UI_TIMEOUT_MS = 20_000;

const web = browserForFile();
const cluster = classCluster(1, 1, ROOMY_LIMITS);

const synced = (page: Page) =>
  page
    .getByTestId("collab-status")
    .filter({ hasText: /^synced$/ })
    .waitFor({ timeout: UI_TIMEOUT_MS });

/** The selection outline's box, in board units. */
async function outline(selection: Locator) {
  const read = async (name: string) => Number(await selection.getAttribute(name));
  return { x: await read("x"), y: await read("y"), w: await read("width"), h: await read("height") };
}

it("a learner draws, moves, sizes, writes on and clears the whiteboard with the keyboard alone", {
  timeout: 120_000,
}, async () => {
  const { roomId, learners } = cluster.fixture;
  const page = await keyboardSignIn(web.browser, cluster.nodes[0]!.url, learners[0]!);
  await page.goto(`/rooms/${roomId}/workspace`);
  await synced(page);

  // The room's documents are a tab list: the arrows go from the code file to the whiteboard.
  await tabTo(page, '[data-testid="doc-tab"][aria-selected="true"]');
  await page.keyboard.press("ArrowRight");
  await page.getByTestId("board").waitFor({ timeout: UI_TIMEOUT_MS });
  await synced(page);
  await tabTo(page, '[data-testid="board"]');
  expect((await focusRing(page)).width).toBeGreaterThan(0);

  // R picks the rectangle, Enter puts one in the middle, selected and announced.
  const status = page.getByTestId("board-selection-status");
  await page.keyboard.press("r");
  await page.keyboard.press("Enter");
  await expect.poll(() => status.textContent(), { timeout: UI_TIMEOUT_MS }).toBe("Rectangle selected, 1 of 1.");
  const selection = page.getByTestId("board-selection");
  const placed = await outline(selection);

  // The arrows move it; Shift and the arrows size it.
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 2; i++) await page.keyboard.press("Shift+ArrowDown");
  await expect.poll(() => outline(selection), { timeout: UI_TIMEOUT_MS }).toMatchObject({ y: placed.y, w: placed.w });
  const changed = await outline(selection);
  expect(changed.x).toBeGreaterThan(placed.x);
  expect(changed.h).toBeGreaterThan(placed.h);

  // T and Enter open a text in the middle; Ctrl+Enter keeps it and gives the focus back to the board.
  await page.keyboard.press("t");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Hello board");
  await page.keyboard.press("Control+Enter");
  await expect.poll(() => focusedIs(page, '[data-testid="board"]'), { timeout: UI_TIMEOUT_MS }).toBe(true);
  const shapes = page.locator("[data-testid=board] [data-shape-id]");
  await expect.poll(() => shapes.count(), { timeout: UI_TIMEOUT_MS }).toBe(2);

  // [ goes back through the shapes, each read out; Delete removes the rectangle and Ctrl+Z brings it back.
  await page.keyboard.press("[");
  await expect.poll(() => status.textContent()).toBe("Text “Hello board” selected, 2 of 2.");
  await page.keyboard.press("[");
  await expect.poll(() => status.textContent()).toBe("Rectangle selected, 1 of 2.");
  await saveScreenshot(page, "a11y-keyboard-board");
  await page.keyboard.press("Delete");
  await expect.poll(() => page.locator('[data-shape-type="rect"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  await page.keyboard.press("Control+z");
  await expect.poll(() => page.locator('[data-shape-type="rect"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
  await page.context().close();
});

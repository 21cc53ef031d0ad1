import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import type { TestAccount } from "../helpers/clients";
import { png } from "../helpers/png";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";
import { s3Env } from "../helpers/s3";

const UI_TIMEOUT_MS = 20_000;

// S3 for the board image the test uploads.
const cluster = classCluster(1, 2, { ...ROOMY_LIMITS, ...s3Env() });
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function openWorkspace(account: TestAccount): Promise<Page> {
  const page = await signIn(browser, cluster.nodes[0]!.url, account, {
    context: { viewport: { width: 1280, height: 860 } },
  });
  contexts.push(page.context());
  await page.goto(`/rooms/${cluster.fixture.roomId}/workspace`);
  await synced(page);
  return page;
}

async function synced(page: Page): Promise<void> {
  await page
    .getByTestId("collab-status")
    .filter({ hasText: /^synced$/ })
    .waitFor({ timeout: UI_TIMEOUT_MS });
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByTestId("doc-tab").filter({ hasText: name }).click();
  await synced(page);
}

const editorText = async (page: Page) =>
  (await page.getByTestId("code-editor").locator(".cm-content").textContent()) ?? "";

/** Drags on the board through points given as fractions of its size, in small steps. */
async function strokeOnBoard(page: Page, points: Array<[number, number]>): Promise<void> {
  const box = await page.getByTestId("board").boundingBox();
  if (!box) throw new Error("the board is not visible");
  const at = ([fx, fy]: [number, number]) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (let i = 1; i < points.length; i++) {
    const [from, to] = [points[i - 1]!, points[i]!];
    for (let step = 1; step <= 6; step++) {
      const f = step / 6;
      await page.mouse.move(...at([from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f]));
    }
  }
  await page.mouse.up();
}

async function clickOnBoard(page: Page, [fx, fy]: [number, number]): Promise<void> {
  const box = await page.getByTestId("board").boundingBox();
  if (!box) throw new Error("the board is not visible");
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
}

const wave = Array.from(
  { length: 9 },
  (_, i) => [0.25 + i * 0.05, 0.78 + 0.05 * Math.sin(i * 1.2)] as [number, number],
);

it("two learners write code and draw on the class whiteboard together", { timeout: 180_000 }, async () => {
  const [ada, bea] = cluster.fixture.learners as [TestAccount, TestAccount];
  const a = await openWorkspace(ada);
  const b = await openWorkspace(bea);
  await expect.poll(() => a.getByTestId("doc-tab").allInnerTexts()).toEqual(["main.py", "Whiteboard"]);

  // Ada types in main.py; Bea sees the text and Ada's named cursor.
  await a.getByTestId("code-editor").locator(".cm-content").click();
  await a.keyboard.type("def greet(name):");
  await a.keyboard.press("Enter");
  await a.keyboard.type('return f"Hello, {name}!"');
  await a.keyboard.press("Enter");
  await a.keyboard.press("Shift+Tab");
  await a.keyboard.press("Enter");
  await a.keyboard.type('print(greet("class"))');
  await expect.poll(() => editorText(b), { timeout: UI_TIMEOUT_MS }).toContain('return f"Hello, {name}!"');
  await expect.poll(() => editorText(b), { timeout: UI_TIMEOUT_MS }).toContain('print(greet("class"))');
  const label = b.getByTestId("code-editor").locator(".cm-ySelectionInfo");
  await expect.poll(() => label.allInnerTexts(), { timeout: UI_TIMEOUT_MS }).toEqual([ada.user.displayName]);

  // Bea adds a line too, then both ask who wrote what.
  await b.getByTestId("code-editor").locator(".cm-content").click();
  await b.keyboard.press("Control+End");
  await b.keyboard.type("\n# Bea: try it with your own name");
  await expect.poll(() => editorText(a), { timeout: UI_TIMEOUT_MS }).toContain("# Bea: try it");
  await b.getByTestId("toggle-authors").click();
  const legend = b.getByTestId("author-legend");
  await expect.poll(() => legend.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(ada.user.displayName);
  await expect.poll(() => legend.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(bea.user.displayName);
  await a.getByTestId("code-editor").locator(".cm-content").click();
  await saveScreenshot(b, "collab-editor");

  // Bea draws on the whiteboard; Ada sees the rectangle arrive.
  await openTab(b, "Whiteboard");
  await openTab(a, "Whiteboard");
  await b.getByTestId("tool-rect").click();
  await strokeOnBoard(b, [
    [0.22, 0.25],
    [0.48, 0.6],
  ]);
  const rects = (page: Page) => page.getByTestId("board").locator('[data-shape-type="rect"]').count();
  await expect.poll(() => rects(a), { timeout: UI_TIMEOUT_MS }).toBe(1);

  // More of a sketch for the picture: an ellipse, a freehand stroke and a sticky note.
  await b.getByTestId("tool-ellipse").click();
  await b.getByTestId("color-6").click();
  await strokeOnBoard(b, [
    [0.56, 0.3],
    [0.78, 0.55],
  ]);
  await b.getByTestId("tool-pen").click();
  await b.getByTestId("color-1").click();
  await strokeOnBoard(b, wave);
  await b.getByTestId("tool-sticky").click();
  await clickOnBoard(b, [0.86, 0.72]);
  await b.getByTestId("board-text-editor").fill("Draw your loop here");
  await b.keyboard.press("Escape");
  await b.getByTestId("tool-text").click();
  await b.getByTestId("color-0").click();
  await clickOnBoard(b, [0.24, 0.16]);
  await b.keyboard.type("for i in range(3):");
  await b.keyboard.press("Escape");
  await expect
    .poll(() => a.getByTestId("board").locator("[data-shape-type]").count(), { timeout: UI_TIMEOUT_MS })
    .toBe(5);
  await expect.poll(() => a.getByTestId("board").locator('[data-shape-type="sticky"]').textContent()).toContain("loop");

  // Ada draws a line of her own; Bea's undo then takes back only Bea's changes, newest first.
  await a.getByTestId("tool-line").click();
  await strokeOnBoard(a, [
    [0.62, 0.16],
    [0.74, 0.22],
  ]);
  const shapesOn = (page: Page, type = "") =>
    page
      .getByTestId("board")
      .locator(type ? `[data-shape-type="${type}"]` : "[data-shape-type]")
      .count();
  const stickyText = (page: Page) => page.getByTestId("board").locator('[data-shape-type="sticky"]').textContent();
  await expect.poll(() => shapesOn(b), { timeout: UI_TIMEOUT_MS }).toBe(6);
  await b.keyboard.press("Control+z");
  await expect.poll(() => shapesOn(a, "text"), { timeout: UI_TIMEOUT_MS }).toBe(0);
  await b.keyboard.press("Control+z");
  await expect.poll(() => stickyText(a), { timeout: UI_TIMEOUT_MS }).toBe("");
  await b.keyboard.press("Control+z");
  await expect.poll(() => shapesOn(a, "sticky"), { timeout: UI_TIMEOUT_MS }).toBe(0);
  expect(await shapesOn(a, "line")).toBe(1);
  for (let i = 0; i < 3; i++) await b.getByTestId("board-redo").click();
  await expect.poll(() => shapesOn(a), { timeout: UI_TIMEOUT_MS }).toBe(6);
  await expect.poll(() => stickyText(a)).toContain("loop");

  // Bea's pointer shows on Ada's board with her name.
  const boardB = await b.getByTestId("board").boundingBox();
  await b.mouse.move(boardB!.x + boardB!.width * 0.52, boardB!.y + boardB!.height * 0.42);
  await expect
    .poll(() => a.getByTestId("board-cursor").allTextContents(), { timeout: UI_TIMEOUT_MS })
    .toEqual([expect.stringContaining(bea.user.displayName)]);
  await saveScreenshot(a, "collab-board");

  // Bea uploads a picture; it lands mid-view on her board and Ada's browser fetches its own URL for it.
  await b.getByTestId("upload-board_image").setInputFiles({
    name: "diagram.png",
    mimeType: "image/png",
    buffer: png(240, 160, (x, y) => [40 + (x % 200), 90 + (y % 120), 200]),
  });
  const image = a.getByTestId("board").locator('[data-shape-type="image"] image');
  await image.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await image.getAttribute("href")).toMatch(/^https?:\/\//);
  await expect.poll(() => image.evaluate((node) => (node as SVGImageElement).getBBox().width)).toBe(240);
  await saveScreenshot(a, "collab-board-image");

  // Ada exports the board: the picture is in the PNG (480×320 pixels of it at twice the scale).
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByTestId("board-export").click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  const exported = await readFile((await download.path())!);
  const pictured = await a.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d")!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(b - 200) <= 3 && r >= 37 && r <= 243 && g >= 87 && g <= 213) count++;
    }
    return count;
  }, exported.toString("base64"));
  expect(pictured).toBeGreaterThan(50_000);

  // Bea adds a file from the New menu, which closes; Ada gets the tab.
  await b.getByTestId("new-doc").click();
  await b.getByTestId("new-doc-name").fill("helpers.py");
  await b.getByTestId("new-doc-name").press("Enter");
  await b.getByTestId("new-doc-name").waitFor({ state: "hidden", timeout: UI_TIMEOUT_MS });
  await expect
    .poll(() => a.getByTestId("doc-tab").allInnerTexts(), { timeout: UI_TIMEOUT_MS })
    .toEqual(["main.py", "Whiteboard", "helpers.py"]);
});

import type { DocView } from "@chalkline/shared";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureWebBuild, launchBrowser, saveScreenshot, signIn } from "../helpers/browser";
import { api, type TestAccount } from "../helpers/clients";
import { roomDocs } from "../helpers/collab-client";
import { expectStatus } from "../helpers/courses";
import { classCluster } from "../helpers/rooms";

/** Loading Pyodide in the browser takes a while on a busy machine; runs after it are quick. */
const FIRST_RUN_TIMEOUT_MS = 90_000;
const UI_TIMEOUT_MS = 30_000;

const cluster = classCluster(1, 2);
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
}, 300_000);

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

/** Replaces the editor's text by typing it, as a learner would. */
async function typeCode(page: Page, lines: string[]): Promise<void> {
  await page.getByTestId("code-editor").locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      await page.keyboard.press("Enter");
      // Drops the editor's automatic indentation: each line brings its own.
      await page.keyboard.press("Shift+Home");
      await page.keyboard.press("Delete");
    }
    await page.keyboard.type(line);
  }
}

async function run(page: Page, timeout = UI_TIMEOUT_MS): Promise<void> {
  await page.getByTestId("run-code").click();
  await page
    .getByTestId("run-code")
    .filter({ hasText: /^\s*Run\s*$/ })
    .waitFor({ timeout });
}

it("learners run Python and JavaScript from the workspace; limits stop runaway code and the room sees the last run", {
  timeout: 400_000,
}, async () => {
  const [ada, bea] = cluster.fixture.learners as [TestAccount, TestAccount];
  // The first listing gives the room its main.py and whiteboard; then a JavaScript file joins them.
  await roomDocs(cluster.nodes[0]!.url, cluster.fixture.roomId, ada.accessToken);
  const created = await api<DocView>(cluster.nodes[0]!.url, "POST", `/api/rooms/${cluster.fixture.roomId}/docs`, {
    token: ada.accessToken,
    body: { kind: "code", name: "main.js", language: "javascript" },
  });
  expectStatus(created, 201, "new JavaScript file");
  const a = await openWorkspace(ada);
  await a.getByTestId("doc-tab").filter({ hasText: "main.py" }).click();
  await synced(a);

  await typeCode(a, [
    "def greet(name):",
    '    return f"Hello, {name}!"',
    'print(greet("class"), 6 * 7)',
    "print(1 / 0)",
  ]);
  await run(a, FIRST_RUN_TIMEOUT_MS);
  await expect.poll(() => a.getByTestId("run-stdout").textContent()).toContain("Hello, class! 42");
  await expect.poll(() => a.getByTestId("run-error").textContent()).toMatch(/ZeroDivisionError.*line 4/s);

  // Bea, in the same room, sees Ada's last run and who ran it.
  const b = await openWorkspace(bea);
  await b.getByTestId("doc-tab").filter({ hasText: "main.py" }).click();
  await expect
    .poll(() => b.getByTestId("run-by").textContent(), { timeout: UI_TIMEOUT_MS })
    .toContain(ada.user.displayName);
  await expect.poll(() => b.getByTestId("run-stdout").textContent()).toContain("Hello, class! 42");
  await saveScreenshot(a, "code-run-python");
  await saveScreenshot(b, "code-run-python-seen-by-room");

  // A runaway loop: its worker is terminated at the limit, and the page answers meanwhile.
  await typeCode(a, ["while True:", "    pass"]);
  const loopStarted = Date.now();
  await a.getByTestId("run-code").click();
  expect(await a.evaluate(() => document.title.length >= 0)).toBe(true);
  await a
    .getByTestId("run-stopped")
    .filter({ hasText: "Stopped after 5 s" })
    .waitFor({ timeout: FIRST_RUN_TIMEOUT_MS });
  console.log(`Python loop stopped after ${Date.now() - loopStarted} ms`);
  // A memory bomb meets the cap on Pyodide's WebAssembly memory: MemoryError, reported as the limit.
  await typeCode(a, ["chunks = []", "while True:", "    chunks.append(' ' * 10**6)"]);
  await run(a, FIRST_RUN_TIMEOUT_MS);
  await a.getByTestId("run-stopped").filter({ hasText: "memory limit" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => a.getByTestId("run-error").textContent()).toContain("MemoryError");

  await a.getByTestId("doc-tab").filter({ hasText: "main.js" }).click();
  await synced(a);
  await typeCode(a, ['console.log("js says", [1, 2].map((x) => x * 2))', "missing.call()"]);
  await run(a, FIRST_RUN_TIMEOUT_MS);
  await expect.poll(() => a.getByTestId("run-stdout").textContent()).toContain("js says [2,4]");
  await expect.poll(() => a.getByTestId("run-error").textContent()).toMatch(/missing.*line 2/s);
  await saveScreenshot(a, "code-run-javascript");

  await typeCode(a, ["const chunks = [];", "for (;;) chunks.push(new Array(100000).fill(1));"]);
  await run(a);
  await a.getByTestId("run-stopped").filter({ hasText: "memory limit" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await typeCode(a, ["for (;;) {}"]);
  const jsLoop = Date.now();
  await run(a);
  await a.getByTestId("run-stopped").filter({ hasText: "Stopped after 5 s" }).waitFor({ timeout: UI_TIMEOUT_MS });
  console.log(`JavaScript loop stopped after ${Date.now() - jsLoop} ms`);
  await saveScreenshot(a, "code-run-javascript-stopped");
});

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

/** Where screenshots go; git-ignored, kept by CI as artifacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** Chromium's own test camera and microphone (a moving pattern and a beep), allowed without a prompt. */
const FAKE_MEDIA_ARGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * Starts the system Chromium (Debian's `chromium` unless `CHROMIUM_PATH` says otherwise), headless,
 * with everything that would reach the internet or need a GPU turned off. `fakeMedia` gives every
 * page a fake camera and microphone, granted without asking, and lets sound play without a click.
 */
export function launchBrowser(opts: { fakeMedia?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(opts.fakeMedia ? FAKE_MEDIA_ARGS : []),
    ],
  });
}

/** Saves a full-page PNG as `tests/artifacts/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The usual setup of a browser test file: the web app built and one browser launched before the
 * file's tests, the browser closed after them. Read `browser` inside the tests.
 */
export function browserForFile(opts: { fakeMedia?: boolean } = {}): { readonly browser: Browser } {
  const held = {} as { browser: Browser };
  beforeAll(() => ensureWebBuild(), 180_000);
  beforeAll(async () => {
    held.browser = await launchBrowser(opts);
  }, 60_000);
  afterAll(() => held.browser?.close());
  return held;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Nodes serve WEB_BUILD_DIR when it is set (they inherit the environment), web/build otherwise.
const WEB_HANDLER = join(process.env.WEB_BUILD_DIR ?? join(ROOT, "web/build"), "handler.js");

/**
 * Server nodes serve the web app from `web/build`. Builds it once when it is missing, so a browser
 * test also runs on a fresh checkout; an existing build is used as it is.
 */
export async function ensureWebBuild(): Promise<void> {
  if (existsSync(WEB_HANDLER)) return;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await new Promise<void>((resolve, reject) => {
    execFile(
      npm,
      ["run", "build", "-w", "web"],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`building the web app failed:\n${stdout}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/** How long `signIn` waits for the dashboard after clicking "Log in". */
const SIGN_IN_TIMEOUT_MS = 20_000;

export interface SignInOptions {
  /** Options for the new browser context besides `baseURL`: viewport, colour scheme, time zone. */
  context?: Omit<BrowserContextOptions, "baseURL">;
  /** Runs on the new page before it navigates, so listeners (`console`, `pageerror`) see the login too. */
  onPage?: (page: Page) => void;
}

/**
 * Opens a fresh context (its own cookies) on `baseURL`, logs `account` in through the login form and
 * returns the page once it reaches `/dashboard`. Close it with `page.context().close()`.
 */
export async function signIn(
  browser: Browser,
  baseURL: string,
  account: { email: string; password: string },
  opts: SignInOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ ...opts.context, baseURL });
  const page = await context.newPage();
  opts.onPage?.(page);
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/dashboard", { timeout: SIGN_IN_TIMEOUT_MS });
  return page;
}

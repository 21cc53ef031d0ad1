import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { api, login } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { demoAccount } from "../helpers/main-pages";
import type { ServerNodeHandle } from "../helpers/server";

const UI_TIMEOUT_MS = 20_000;
const MESSAGES = fileURLToPath(new URL("../../web/src/lib/i18n/messages/", import.meta.url));
type Catalog = { [key: string]: string | Catalog };
const idsOf = (catalog: Catalog, prefix = ""): string[] =>
  Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : idsOf(value, `${prefix}${key}.`),
  );
/** Every message id: a page that shows one has a message its language lacks. */
const IDS = readdirSync(MESSAGES).flatMap((group) =>
  idsOf(JSON.parse(readFileSync(`${MESSAGES}${group}/en.json`, "utf8")) as Catalog),
);

const held = browserForFile({ fakeMedia: true });
let node: ServerNodeHandle;
let classRoomId = "";
beforeAll(async () => {
  [node] = (await startCluster(1, { SEED_DEMO_SCOPE: "school" })) as [ServerNodeHandle];
  const lena = await login(node.url, demoAccount("lena").email, demoAccount("lena").password);
  const rooms = await api(node.url, "GET", "/api/rooms", { token: lena.accessToken });
  classRoomId = rooms.body.rooms.find((r: { name: string }) => r.name === "Introduction to Programming").id;
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

/**
 * Message ids shown as text or read out (labels, titles, placeholders): what svelte-i18n shows for
 * a message it cannot find.
 */
async function shownIds(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const read = Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")).flatMap((e) =>
      ["aria-label", "title", "placeholder", "alt"].map((name) => e.getAttribute(name) ?? ""),
    );
    return [document.title, document.body.textContent ?? "", ...read].join("\n");
  });
  return IDS.filter((id) => text.includes(id));
}

const documentLanguage = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

async function setAccountLocale(prefix: string, locale: string | null): Promise<void> {
  const account = demoAccount(prefix);
  const session = await login(node.url, account.email, account.password);
  const res = await api(node.url, "PATCH", "/api/me", { token: session.accessToken, body: { locale } });
  expect(res.status).toBe(200);
}

for (const [locale, dir] of [
  ["en", "ltr"],
  ["es", "ltr"],
  ["ar", "rtl"],
] as const) {
  it(`${locale}: the dashboard and the classroom show no missing message, in the ${dir} direction`, async () => {
    await setAccountLocale("lena", locale);
    const page = await signIn(held.browser, node.url, demoAccount("lena"), {
      context: { viewport: { width: 1280, height: 900 } },
    });
    await page.waitForFunction((l) => document.documentElement.lang === l, locale, { timeout: UI_TIMEOUT_MS });
    await page.locator("[data-testid=coming-up] li").first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForLoadState("networkidle");
    expect(await documentLanguage(page)).toEqual({ lang: locale, dir });
    expect(await shownIds(page)).toEqual([]);
    await saveScreenshot(page, `i18n-${locale}-dashboard`);

    await page.goto(`/rooms/${classRoomId}/live`);
    await page.getByTestId("classroom").waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForLoadState("networkidle");
    // The server rendered this page in the account's language too (its cookie), before any script.
    expect(await documentLanguage(page)).toEqual({ lang: locale, dir });
    expect(await shownIds(page)).toEqual([]);
    await saveScreenshot(page, `i18n-${locale}-classroom`);
    await page.context().close();
  }, 120_000);
}

it("with no language chosen, a visitor's browser language decides, from the server's first render", async () => {
  await setAccountLocale("lena", null);
  const context = await held.browser.newContext({ baseURL: node.url, locale: "es-MX" });
  const page = await context.newPage();
  const response = await page.goto("/");
  expect(/<html[^>]*lang="es"/.test((await response?.text()) ?? "")).toBe(true);
  expect(await shownIds(page)).toEqual([]);
  await context.close();
}, 60_000);

it("server renders in different languages at the same moment each come out in their own language", async () => {
  const forgot: Record<string, string> = {
    en: "Forgot password?",
    es: "¿Olvidaste tu contraseña?",
    ar: "نسيت كلمة المرور؟",
  };
  const asked = Array.from({ length: 30 }, (_, i) => Object.keys(forgot)[i % 3]!);
  const pages = await Promise.all(
    asked.map(async (locale) => {
      const res = await fetch(`${node.url}/login`, { headers: { cookie: `chalkline_locale=${locale}` } });
      return res.text();
    }),
  );
  pages.forEach((html, i) => {
    const locale = asked[i]!;
    expect(html).toMatch(new RegExp(`<html[^>]*lang="${locale}"`));
    const shown = Object.keys(forgot).filter((other) => html.includes(forgot[other]!));
    expect(shown, `page ${i}`).toEqual([locale]);
  });
}, 60_000);

it("a language picked on the profile switches the page at once and stays the account's", async () => {
  await setAccountLocale("omar", null);
  const context = { viewport: { width: 1280, height: 900 } };
  const page = await signIn(held.browser, node.url, demoAccount("omar"), { context });
  await page.goto("/profile");
  await page.getByRole("radio", { name: "español" }).check();
  await page.waitForFunction(() => document.documentElement.lang === "es", undefined, { timeout: UI_TIMEOUT_MS });
  await page.getByRole("heading", { name: "Idioma" }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await shownIds(page)).toEqual([]);

  // Another device: the account brings its language.
  const other = await signIn(held.browser, node.url, demoAccount("omar"), { context });
  await other.waitForFunction(() => document.documentElement.lang === "es", undefined, { timeout: UI_TIMEOUT_MS });
  await page.context().close();
  await other.context().close();
  await setAccountLocale("omar", null);
}, 90_000);

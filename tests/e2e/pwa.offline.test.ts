import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { browserForFile, saveScreenshot, signIn } from "../helpers/browser";
import { api, login } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const UI_TIMEOUT_MS = 20_000;
const held = browserForFile();
let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
}, 120_000);
afterAll(() => stopAll(node ? [node] : []));

const account = (prefix: string) => ({
  email: DEMO_USERS.find((u) => u.email.startsWith(prefix))!.email,
  password: DEMO_PASSWORD,
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** Signs in and waits until this page is controlled by the activated service worker. */
async function installed(prefix: string): Promise<Page> {
  const page = await signIn(held.browser, node.url, account(prefix), {
    context: { viewport: { width: 1280, height: 900 } },
  });
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The first load is not controlled until the worker claims it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: UI_TIMEOUT_MS });
  return page;
}

it("the manifest names the app, its start page and icons that exist at their sizes, and the service worker activates", async () => {
  const home = await (await fetch(`${node.url}/`)).text();
  expect(home).toMatch(/<link rel="manifest" href="[./]*\/?manifest\.webmanifest" \/>/);
  const manifest = await (await fetch(`${node.url}/manifest.webmanifest`)).json();
  expect(manifest).toMatchObject({ name: "Chalkline", start_url: "/dashboard", display: "standalone", scope: "/" });
  const pngs = manifest.icons.filter((i: { type: string }) => i.type === "image/png");
  expect(pngs.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(pngs.some((i: { purpose?: string }) => i.purpose === "maskable")).toBe(true);
  for (const icon of pngs as Array<{ src: string; sizes: string }>) {
    const response = await fetch(`${node.url}${icon.src}`);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(pngSize(Buffer.from(await response.arrayBuffer())).join("x")).toBe(icon.sizes);
  }
  const page = await installed("mia");
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { url: registration.active?.scriptURL, state: registration.active?.state, scope: registration.scope };
  });
  expect(worker).toEqual({ url: `${node.url}/service-worker.js`, state: "activated", scope: `${node.url}/` });
  await page.context().close();
}, 90_000);

it("with the network cut, an opened lesson and its course outline still read (a reload too), and a chat message typed offline arrives once", async () => {
  const token = (await login(node.url, account("lena").email, DEMO_PASSWORD)).accessToken;
  const catalog = await api(node.url, "GET", "/api/courses?q=Introduction", { token });
  const courseId = catalog.body.courses[0].id as string;
  const rooms = await api(node.url, "GET", "/api/rooms", { token });
  const studyRoom = rooms.body.rooms.find((r: { name: string }) => r.name === "Homework help");

  const lena = await installed("lena");
  await lena.goto(`/courses/${courseId}`);
  await lena.getByRole("link", { name: "Variables" }).click();
  await lena.getByText("A variable is a name for a value").waitFor({ timeout: UI_TIMEOUT_MS });
  await lena.getByRole("link", { name: "Dashboard" }).click();
  await lena.waitForURL("**/dashboard");

  await lena.context().setOffline(true);
  await lena.goBack();
  await lena.getByText("A variable is a name for a value").waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(lena, "pwa-offline-lesson");
  // A reload while offline: the kept page, the remembered account and the kept lesson.
  await lena.reload();
  await lena
    .getByText("A variable is a name for a value")
    .waitFor({ timeout: UI_TIMEOUT_MS })
    .finally(() => saveScreenshot(lena, "pwa-offline-reload"));
  await lena.goBack();
  await lena.getByRole("link", { name: "Variables" }).waitFor({ timeout: UI_TIMEOUT_MS });
  await lena.context().setOffline(false);

  // Chat: Omar watches the study room while Lena writes into it offline.
  const omar = await installed("omar");
  await omar.goto(`/rooms/${studyRoom.id}`);
  await omar.getByTestId("composer").waitFor({ timeout: UI_TIMEOUT_MS });
  await lena.goto(`/rooms/${studyRoom.id}`);
  await lena.getByTestId("composer").waitFor({ timeout: UI_TIMEOUT_MS });
  await lena.context().setOffline(true);
  const text = `written offline ${Date.now().toString(36)}`;
  await lena.getByTestId("composer").fill(text);
  await lena.getByTestId("send").click();
  await lena.getByTestId("pending-message").filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
  await saveScreenshot(lena, "pwa-offline-chat-waiting");
  await lena.context().setOffline(false);
  const delivered = omar.getByTestId("message-text").filter({ hasText: text });
  await delivered.waitFor({ timeout: 30_000 });
  await lena.getByTestId("message-text").filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
  // Once: the outbox's resends carry the same client id, which the server stores once.
  await omar.waitForTimeout(1_000);
  expect(await delivered.count()).toBe(1);
  await lena.context().close();
  await omar.context().close();
}, 120_000);

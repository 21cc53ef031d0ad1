import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { browserForFile, signIn } from "../helpers/browser";
import { nodeForFile } from "../helpers/cluster";

const held = browserForFile();
const node = nodeForFile({ SEED_DEMO_SCOPE: "school" });

const lena = { email: DEMO_USERS.find((u) => u.email.startsWith("lena"))!.email, password: DEMO_PASSWORD };

/** Every refused response (4xx, 5xx) and console error the page sees from now on. */
function watchNoise(page: Page): string[] {
  const noise: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) noise.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") noise.push(`console: ${m.text()}`);
  });
  return noise;
}

it("public pages and the skeleton of signed-in pages come rendered from the server", async () => {
  const home = await fetch(`${node.url}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain("Live learning, in the browser");
  const login = await (await fetch(`${node.url}/login`)).text();
  expect(login).toMatch(/<form[^>]*>/);

  // A browser that never had a session is sent to log in at once; one that had gets the page's skeleton.
  const stranger = await fetch(`${node.url}/dashboard`, { redirect: "manual" });
  expect(stranger.status).toBe(307);
  expect(stranger.headers.get("location")).toBe("/login");
  const returning = await fetch(`${node.url}/dashboard`, { headers: { cookie: "chalkline_session=1" } });
  expect(returning.status).toBe(200);
  const html = await returning.text();
  expect(html).toContain('data-testid="page-skeleton"');
  expect(html).toContain("Chalkline");
});

it("a first load asks for no refresh without a session, and a returning learner's reload has no 401", async () => {
  const context = await held.browser.newContext({ baseURL: node.url });
  const visitor = await context.newPage();
  const visitorNoise = watchNoise(visitor);
  await visitor.goto("/");
  await visitor.getByRole("banner").getByRole("link", { name: "Log in" }).waitFor();
  await visitor.goto("/login");
  await visitor.getByLabel("Email").waitFor();
  expect(visitorNoise).toEqual([]);
  await context.close();

  const page = await signIn(held.browser, node.url, lena);
  const noise = watchNoise(page);
  await page.reload();
  await page.getByTestId("user-name").waitFor();
  const second = await page.context().newPage();
  noise.push(...watchNoise(second));
  await second.goto("/courses");
  await second.getByRole("heading", { level: 1 }).first().waitFor();
  expect(noise).toEqual([]);
  await page.context().close();
}, 60_000);

import { createLogger, createServerNode, loadConfig, type ServerNode } from "@chalkline/server";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { openApiPath } from "../../server/src/features/api-docs/openapi";
import { api } from "../helpers/clients";
import { newClusterNames } from "../helpers/cluster";
import { TEST_JWT_SECRET } from "../helpers/server";

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/** "METHOD /path" of every route in an Express router stack, under the paths its routers are mounted on. */
function routesOf(stack: Layer[], prefix = ""): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${prefix}${layer.route.path}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
      return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${openApiPath(path)}`);
    }
    // A mounted router; middleware on a path (authentication, limits) has no stack of its own.
    if (layer.handle.stack && typeof layer.rawPath === "string") {
      return routesOf(layer.handle.stack, `${prefix}${layer.rawPath === "/" ? "" : layer.rawPath}`);
    }
    return [];
  });
}

let node: ServerNode;
let url: string;

// A node in this process, so the test can read its Express app.
beforeAll(async () => {
  const services = inject("services");
  const names = newClusterNames();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    MONGODB_URL: services.mongoUrl,
    MONGODB_DB: names.dbName,
    REDIS_URL: services.redisUrl,
    REDIS_KEY_PREFIX: `${names.keyPrefix}:`,
    JWT_SECRET: TEST_JWT_SECRET,
    SMTP_URL: services.mail.smtpUrl,
    LOG_LEVEL: "warn",
  });
  node = await createServerNode(config, createLogger({ level: "warn", serverId: "described" }));
  url = `http://127.0.0.1:${await node.listen()}`;
}, 120_000);
afterAll(() => node?.close());

it("every route the server mounts is in the OpenAPI document, and every documented one is mounted", async () => {
  const mounted = new Set(routesOf((node.app as unknown as { router: { stack: Layer[] } }).router.stack));
  const doc = (await api<{ paths: Record<string, Record<string, unknown>> }>(url, "GET", "/api/openapi.json")).body;
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );

  expect(mounted.size).toBeGreaterThan(80);
  expect([...mounted].filter((route) => !documented.has(route))).toEqual([]);
  expect([...documented].filter((route) => !mounted.has(route))).toEqual([]);
});

it("the readable page lists every documented route and loads nothing from elsewhere", async () => {
  const doc = (await api<{ paths: Record<string, unknown> }>(url, "GET", "/api/openapi.json")).body;
  const page = await fetch(`${url}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(page.headers.get("content-security-policy")).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  const html = await page.text();
  for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
  expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema\.org)/);
});

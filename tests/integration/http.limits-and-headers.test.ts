import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2, { AUTH_RATE_LIMIT_PER_MINUTE: "6" });
});
afterAll(() => stopAll(nodes));

it("the per-IP auth limit is shared by both nodes and answers 429 with Retry-After", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<typeof api>> | undefined;
  for (let i = 0; i < 8; i++) {
    const res = await api(i % 2 ? b.url : a.url, "POST", "/api/auth/login", {
      body: { email: "x@example.test", password: "y" },
    });
    statuses.push(res.status);
    if (res.status === 429) limited = res;
  }
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  expect(limited?.body).toMatchObject({ error: { code: "rate_limited" } });
  const retryAfter = Number(limited?.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
});

it("every answer carries helmet's security headers", async () => {
  const [a] = nodes as [ServerNodeHandle];
  for (const path of ["/healthz", "/api/me", "/"]) {
    const res = await fetch(`${a.url}${path}`);
    expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
    expect(res.headers.get("x-powered-by"), path).toBeNull();
  }
  expect((await fetch(`${a.url}/api/me`)).headers.get("content-security-policy")).toContain("default-src 'none'");
});

it("malformed and oversized bodies get invalid_payload and payload_too_large", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const broken = await api(a.url, "POST", "/api/auth/register", { rawBody: "{not json" });
  expect([broken.status, broken.body.error.code]).toEqual([400, "invalid_payload"]);
  const huge = await api(a.url, "POST", "/api/auth/register", {
    rawBody: JSON.stringify({ email: "x".repeat(200_000) }),
  });
  expect([huge.status, huge.body.error.code]).toEqual([413, "payload_too_large"]);
  const short = await api(a.url, "POST", "/api/auth/register", {
    body: { email: "short@example.test", password: "123456789", displayName: "Short" },
  });
  expect(short.body.error).toMatchObject({ code: "invalid_payload", message: expect.stringContaining("password") });
  const unknown = await api(a.url, "GET", "/api/nothing-here");
  expect([unknown.status, unknown.body.error.code]).toEqual([404, "not_found"]);
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { api } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(1);
});
afterAll(() => stopAll(nodes));

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

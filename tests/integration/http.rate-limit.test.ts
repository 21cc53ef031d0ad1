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

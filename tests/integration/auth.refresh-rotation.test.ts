import { afterAll, beforeAll, expect, it } from "vitest";
import { api, completeSignup, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { signupLink, waitForMail } from "../helpers/mail";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

const refresh = (cookie: string) => api(node.url, "POST", "/api/auth/refresh", { refreshCookie: cookie });

it("the refresh cookie is httpOnly, SameSite=strict and scoped to /api/auth", async () => {
  const email = `cookie-${Date.now()}@example.test`;
  const registered = await api(node.url, "POST", "/api/auth/register", {
    body: { email, password: "long-enough-pass", displayName: "Cookie" },
  });
  // Registering only sends the sign-up link; the session, and its cookie, start when the link is opened.
  expect(registered.refreshCookie).toBeUndefined();
  const res = await completeSignup(node.url, signupLink(await waitForMail(email)).token);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("chalkline_refresh="));
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  expect(cookie).toMatch(/Path=\/api\/auth/i);
});

it("every refresh rotates the token, and replaying a rotated one revokes the whole family", async () => {
  const account = await registerUser(node.url);
  const first = await refresh(account.refreshCookie);
  expect(first.status).toBe(200);
  expect(first.refreshCookie).toBeDefined();
  expect(first.refreshCookie).not.toBe(account.refreshCookie);
  const second = await refresh(first.refreshCookie!);
  expect(second.status).toBe(200);

  const replay = await refresh(account.refreshCookie);
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe("refresh_reused");

  // The newest token of the family is dead too.
  const afterReuse = await refresh(second.refreshCookie!);
  expect(afterReuse.status).toBe(401);
});

it("two refreshes racing with one token revoke the family", async () => {
  const account = await registerUser(node.url);
  const results = await Promise.all([refresh(account.refreshCookie), refresh(account.refreshCookie)]);
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 401]);
  const loser = results.find((r) => r.status === 401)!;
  expect(loser.body.error.code).toBe("refresh_reused");
  const winner = results.find((r) => r.status === 200)!;
  expect((await refresh(winner.refreshCookie!)).status).toBe(401);
});

it("logout revokes the family; a new login starts a new one", async () => {
  const account = await registerUser(node.url);
  expect((await api(node.url, "POST", "/api/auth/logout", { refreshCookie: account.refreshCookie })).status).toBe(204);
  expect((await refresh(account.refreshCookie)).status).toBe(401);
  const again = await api(node.url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
  });
  expect(again.status).toBe(200);
  expect((await refresh(again.refreshCookie!)).status).toBe(200);
});

it("refresh without a cookie or with garbage is refused", async () => {
  expect((await api(node.url, "POST", "/api/auth/refresh")).body.error.code).toBe("unauthorized");
  expect((await refresh("not-a-token")).body.error.code).toBe("unauthorized");
});

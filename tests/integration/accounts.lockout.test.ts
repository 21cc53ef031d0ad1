import { afterAll, beforeAll, expect, it } from "vitest";
import { api, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
beforeAll(async () => {
  // More logins than the per-address limit on /api/auth allows in a minute, all from this test.
  [node] = (await startCluster(1, { AUTH_RATE_LIMIT_PER_MINUTE: "1000" })) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

// Every request here comes from one client address: these are the rules of one (email, address) pair.
// That other addresses are not locked with it is accounts.lockout-not-by-others.test.ts.

it("five wrong passwords lock the pair, even against the right password", async () => {
  const account = await registerUser(node.url);
  const attempt = (password: string) =>
    api(node.url, "POST", "/api/auth/login", { body: { email: account.email, password } });

  for (let i = 1; i <= 4; i++) {
    const res = await attempt("wrong-password-123");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_credentials");
  }
  const fifth = await attempt("wrong-password-123");
  expect(fifth.status).toBe(423);
  expect(fifth.body.error.code).toBe("account_locked");

  const right = await attempt(account.password);
  expect(right.status).toBe(423);
  expect(right.body.error.code).toBe("account_locked");
  expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
});

it("wrong passwords sent at once are all counted: exactly the fifth locks the pair", async () => {
  const account = await registerUser(node.url);
  const answers = await Promise.all(
    Array.from({ length: 5 }, () =>
      api(node.url, "POST", "/api/auth/login", { body: { email: account.email, password: "wrong-password-123" } }),
    ),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 423]);
  const right = await api(node.url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
  });
  expect(right.status).toBe(423);
});

it("a successful login resets the failure count", async () => {
  const account = await registerUser(node.url);
  const attempt = (password: string) =>
    api(node.url, "POST", "/api/auth/login", { body: { email: account.email, password } });
  for (let i = 0; i < 4; i++) expect((await attempt("wrong-password-123")).status).toBe(401);
  expect((await attempt(account.password)).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await attempt("wrong-password-123")).status).toBe(401);
  expect((await attempt(account.password)).status).toBe(200);
});

it("unknown emails get the same answers as wrong passwords, lock included", async () => {
  const answers = [];
  for (let i = 0; i < 5; i++) {
    answers.push(
      await api(node.url, "POST", "/api/auth/login", {
        body: { email: "nobody@example.test", password: "whatever-123" },
      }),
    );
  }
  expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
    ...Array.from({ length: 4 }, () => [401, "invalid_credentials"]),
    [423, "account_locked"],
  ]);
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes));

it("disabling a user disconnects their sockets on both nodes and stops their tokens", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const admin = await loginDemo(a.url, "admin");
  const victim = await registerUser(a.url);
  const onA = await connectSocket(a.url, victim.accessToken);
  const onB = await connectSocket(b.url, victim.accessToken);
  const ended = [nextEvent(onA.socket, "session:ended", 5000), nextEvent(onB.socket, "session:ended", 5000)];
  const disconnected = [onA.socket, onB.socket].map(
    (s) => new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason))),
  );

  const res = await api(a.url, "PATCH", `/api/admin/users/${victim.user.id}/disabled`, {
    token: admin.accessToken,
    body: { disabled: true },
  });
  expect(res.status).toBe(200);
  expect(res.body.disabled).toBe(true);

  await expect(Promise.all(ended)).resolves.toEqual([{ reason: "account_disabled" }, { reason: "account_disabled" }]);
  await expect(Promise.all(disconnected)).resolves.toEqual(["io server disconnect", "io server disconnect"]);

  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: victim.accessToken })).status).toBe(401);
  }
  expect((await api(b.url, "POST", "/api/auth/refresh", { refreshCookie: victim.refreshCookie })).status).toBe(401);
  const relogin = await api(b.url, "POST", "/api/auth/login", {
    body: { email: victim.email, password: victim.password },
  });
  expect(relogin.body.error.code).toBe("account_disabled");
  await expect(connectSocket(b.url, victim.accessToken)).rejects.toThrow("unauthorized");
});

it("admins list users and change roles; others are forbidden", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const admin = await loginDemo(a.url, "admin");
  const learner = await registerUser(a.url);

  const page = await api(a.url, "GET", `/api/admin/users?q=${encodeURIComponent(learner.email)}`, {
    token: admin.accessToken,
  });
  expect(page.status).toBe(200);
  expect(page.body.users.map((u: { id: string }) => u.id)).toEqual([learner.user.id]);

  const promoted = await api(a.url, "PATCH", `/api/admin/users/${learner.user.id}/role`, {
    token: admin.accessToken,
    body: { role: "instructor" },
  });
  expect(promoted.body.role).toBe("instructor");
  expect((await api(a.url, "GET", "/api/me", { token: learner.accessToken })).body.role).toBe("instructor");

  const denied = await api(a.url, "GET", "/api/admin/users", { token: learner.accessToken });
  expect(denied.status).toBe(403);
  expect(denied.body.error.code).toBe("forbidden");

  const badRole = await api(a.url, "PATCH", `/api/admin/users/${learner.user.id}/role`, {
    token: admin.accessToken,
    body: { role: "superuser" },
  });
  expect(badRole.body.error.code).toBe("invalid_payload");
  const badId = await api(a.url, "PATCH", "/api/admin/users/not-an-id/role", {
    token: admin.accessToken,
    body: { role: "learner" },
  });
  expect(badId.body.error.code).toBe("invalid_payload");
});

it("registration cannot grant staff roles", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const res = await api(a.url, "POST", "/api/auth/register", {
    body: { email: "sneaky@example.test", password: "long-enough-pass", displayName: "Sneaky", role: "admin" },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("invalid_payload");
});

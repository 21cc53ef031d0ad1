import { COLLAB_CLOSE } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, collabTicket, roomDocs } from "../helpers/collab-client";
import { classWithLearners } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes));

it("disabling a user disconnects their sockets and documents on both nodes and stops their tokens", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const admin = await loginDemo(a.url, "admin");
  const { roomId, learners } = await classWithLearners(a.url, 1);
  const victim = learners[0]!;
  const onA = await connectSocket(a.url, victim.accessToken);
  const onB = await connectSocket(b.url, victim.accessToken);
  const ended = [nextEvent(onA.socket, "session:ended", 5000), nextEvent(onB.socket, "session:ended", 5000)];
  const disconnected = [onA.socket, onB.socket].map(
    (s) => new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason))),
  );
  const code = (await roomDocs(a.url, roomId, victim.accessToken)).find((d) => d.kind === "code")!;
  const editors = [
    new CollabClient(a.url, code.id, victim.accessToken),
    new CollabClient(b.url, code.id, victim.accessToken),
  ];
  await Promise.all(editors.map((e) => e.synced()));
  const docsClosed = editors.map((e) => e.closed(5000));

  const res = await api(a.url, "PATCH", `/api/admin/users/${victim.user.id}/disabled`, {
    token: admin.accessToken,
    body: { disabled: true },
  });
  expect(res.status).toBe(200);
  expect(res.body.disabled).toBe(true);

  await expect(Promise.all(ended)).resolves.toEqual([{ reason: "account_disabled" }, { reason: "account_disabled" }]);
  await expect(Promise.all(disconnected)).resolves.toEqual(["io server disconnect", "io server disconnect"]);
  await expect(Promise.all(docsClosed)).resolves.toEqual([COLLAB_CLOSE.session_ended, COLLAB_CLOSE.session_ended]);
  for (const editor of editors) editor.destroy();

  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: victim.accessToken })).status).toBe(401);
  }
  expect((await api(b.url, "POST", "/api/auth/refresh", { refreshCookie: victim.refreshCookie })).status).toBe(401);
  const relogin = await api(b.url, "POST", "/api/auth/login", {
    body: { email: victim.email, password: victim.password },
  });
  expect(relogin.body.error.code).toBe("account_disabled");
  await expect(connectSocket(b.url, victim.accessToken)).rejects.toThrow("unauthorized");
  expect((await collabTicket(b.url, code.id, victim.accessToken)).status).toBe(401);
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
  // The role is in no token issued before: those end, and a refresh carries the new one.
  expect((await api(a.url, "GET", "/api/me", { token: learner.accessToken })).status).toBe(401);
  const refreshed = await api(a.url, "POST", "/api/auth/refresh", { refreshCookie: learner.refreshCookie });
  expect(refreshed.body.user.role).toBe("instructor");
  const token = refreshed.body.accessToken as string;
  expect((await api(a.url, "GET", "/api/me", { token })).body.role).toBe("instructor");

  const denied = await api(a.url, "GET", "/api/admin/users", { token });
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

import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, login, nextEvent, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes ?? []));

it("a password change ends every other session on both nodes, sockets included, and keeps the one that made it", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const here = await registerUser(a.url);
  const elsewhere = await login(b.url, here.email, here.password);
  const mine = [await connectSocket(a.url, here.accessToken), await connectSocket(b.url, here.accessToken)];
  const theirs = [await connectSocket(a.url, elsewhere.accessToken), await connectSocket(b.url, elsewhere.accessToken)];
  const ended = theirs.map(({ socket }) => nextEvent(socket, "session:ended", 5000));
  const disconnected = theirs.map(
    ({ socket }) => new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason))),
  );
  const newPassword = "a-brand-new-passphrase";

  const wrong = await api(a.url, "POST", "/api/me/password", {
    token: here.accessToken,
    body: { currentPassword: "not-the-password", newPassword },
  });
  expect(wrong.status).toBe(403);
  expect(wrong.body.error.code).toBe("wrong_password");
  const short = await api(a.url, "POST", "/api/me/password", {
    token: here.accessToken,
    body: { currentPassword: here.password, newPassword: "short" },
  });
  expect(short.body.error.code).toBe("invalid_payload");

  const changed = await api(a.url, "POST", "/api/me/password", {
    token: here.accessToken,
    body: { currentPassword: here.password, newPassword },
  });
  expect(changed.status).toBe(204);

  await expect(Promise.all(ended)).resolves.toEqual([{ reason: "password_changed" }, { reason: "password_changed" }]);
  await expect(Promise.all(disconnected)).resolves.toEqual(["io server disconnect", "io server disconnect"]);
  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: elsewhere.accessToken })).status).toBe(401);
  }
  expect((await api(a.url, "POST", "/api/auth/refresh", { refreshCookie: elsewhere.refreshCookie })).status).toBe(401);
  await expect(connectSocket(b.url, elsewhere.accessToken)).rejects.toThrow("unauthorized");

  // The session that changed the password carries on: its sockets answer, its token and cookie work.
  for (const { socket } of mine) {
    expect(socket.connected).toBe(true);
    expect(await socket.emitWithAck("session:renew", { token: here.accessToken })).toMatchObject({ ok: true });
  }
  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: here.accessToken })).status).toBe(200);
  }
  expect((await api(b.url, "POST", "/api/auth/refresh", { refreshCookie: here.refreshCookie })).status).toBe(200);

  const old = await api(a.url, "POST", "/api/auth/login", { body: { email: here.email, password: here.password } });
  expect(old.body.error.code).toBe("invalid_credentials");
  expect(
    (await api(b.url, "POST", "/api/auth/login", { body: { email: here.email, password: newPassword } })).status,
  ).toBe(200);
  for (const { socket } of [...mine, ...theirs]) socket.close();
});

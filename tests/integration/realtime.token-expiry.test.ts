import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1, { ACCESS_TOKEN_TTL_SECONDS: "5" })) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

it("a socket whose token expires is ended with token_expired", async () => {
  const account = await registerUser(node.url);
  const { socket } = await connectSocket(node.url, account.accessToken);
  await expect(nextEvent(socket, "session:ended", 15_000)).resolves.toEqual({ reason: "token_expired" });
});

it("renewing with a refreshed token keeps the socket alive past the first expiry", async () => {
  const account = await registerUser(node.url);
  const { socket, ready } = await connectSocket(node.url, account.accessToken);
  const ended = nextEvent(socket, "session:ended", 20_000);
  await new Promise((r) => setTimeout(r, 2500));
  const refreshed = await api(node.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie });
  const renew = await socket.emitWithAck("session:renew", { token: refreshed.body.accessToken });
  expect(renew.ok).toBe(true);
  if (renew.ok) expect(Date.parse(renew.data.tokenExpiresAt)).toBeGreaterThan(Date.parse(ready.tokenExpiresAt));
  await new Promise((r) => setTimeout(r, 3500));
  expect(socket.connected).toBe(true);
  await expect(ended).resolves.toEqual({ reason: "token_expired" });
});

it("renewing with another account's token is forbidden", async () => {
  const a = await registerUser(node.url);
  const b = await registerUser(node.url);
  const { socket } = await connectSocket(node.url, a.accessToken);
  const renew = await socket.emitWithAck("session:renew", { token: b.accessToken });
  expect(renew).toMatchObject({ ok: false, error: { code: "forbidden" } });
  socket.close();
});

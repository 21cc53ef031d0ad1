import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes ?? []));

async function loginAs(url: string, account: TestAccount, userAgent: string) {
  const res = await api(url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
    headers: { "user-agent": userAgent },
  });
  expect(res.status).toBe(200);
  return { token: res.body.accessToken as string, refreshCookie: res.refreshCookie! };
}

const disconnected = (socket: { once(event: "disconnect", listener: () => void): unknown }) =>
  new Promise<number>((resolve) => socket.once("disconnect", () => resolve(Date.now())));

it("lists one's sessions with browser, address and last use; signs out one of them, sockets included", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const account = await registerUser(a.url);
  const laptop = await loginAs(a.url, account, FIREFOX);
  const phone = await loginAs(b.url, account, SAFARI);

  const listed = await api(b.url, "GET", "/api/me/sessions", { token: laptop.token });
  expect(listed.status).toBe(200);
  const sessions = listed.body.sessions as Array<{ id: string; browser: string; ip: string; current: boolean }>;
  expect(sessions).toHaveLength(3);
  const byBrowser = new Map(sessions.map((s) => [s.browser, s]));
  expect(byBrowser.get("Firefox 128 on Linux")).toMatchObject({
    current: true,
    ip: expect.stringMatching(/127\.0\.0\.1/),
  });
  expect(byBrowser.get("Safari 17 on iOS")).toMatchObject({ current: false });
  for (const s of sessions) expect(Date.parse((s as unknown as { lastSeenAt: string }).lastSeenAt)).not.toBeNaN();

  const phoneSocket = await connectSocket(a.url, phone.token);
  const gone = disconnected(phoneSocket.socket);
  const phoneId = byBrowser.get("Safari 17 on iOS")!.id;
  expect((await api(a.url, "DELETE", `/api/me/sessions/${phoneId}`, { token: laptop.token })).status).toBe(204);
  await gone;
  expect((await api(b.url, "GET", "/api/me", { token: phone.token })).status).toBe(401);
  expect((await api(b.url, "POST", "/api/auth/refresh", { refreshCookie: phone.refreshCookie })).status).toBe(401);
  // The laptop carries on, and another account's session cannot be named.
  expect((await api(b.url, "GET", "/api/me", { token: laptop.token })).status).toBe(200);
  const stranger = await registerUser(b.url);
  const theirs = await api(a.url, "DELETE", `/api/me/sessions/${phoneId}`, { token: stranger.accessToken });
  expect(theirs.status).toBe(404);
  const left = await api(a.url, "GET", "/api/me/sessions", { token: laptop.token });
  expect(left.body.sessions.map((s: { browser: string }) => s.browser).sort()).not.toContain("Safari 17 on iOS");
});

it("sign out everywhere disconnects every socket of the account on both nodes within 5 s", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const account = await registerUser(a.url);
  const other = await loginAs(b.url, account, SAFARI);
  const sockets = [
    await connectSocket(a.url, account.accessToken),
    await connectSocket(b.url, account.accessToken),
    await connectSocket(a.url, other.token),
    await connectSocket(b.url, other.token),
  ].map(({ socket }) => socket);
  const bystander = await registerUser(b.url);
  const bystanderSocket = (await connectSocket(a.url, bystander.accessToken)).socket;
  const gone = sockets.map(disconnected);

  const askedAt = Date.now();
  expect((await api(b.url, "DELETE", "/api/me/sessions", { token: other.token })).status).toBe(204);
  const within5s = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("sockets still connected after 5 s")), 5000),
  );
  const times = await Promise.race([Promise.all(gone), within5s]);
  const slowestMs = Math.max(...times) - askedAt;
  console.info(`sign out everywhere: the last of ${sockets.length} sockets on 2 nodes closed after ${slowestMs} ms`);

  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: account.accessToken })).status).toBe(401);
    expect((await api(node.url, "GET", "/api/me", { token: other.token })).status).toBe(401);
  }
  expect((await api(a.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie })).status).toBe(401);
  expect(bystanderSocket.connected).toBe(true);
  bystanderSocket.close();
});

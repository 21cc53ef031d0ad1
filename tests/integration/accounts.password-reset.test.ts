import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ApiAnswer, api, connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { uniqueName } from "../helpers/ids";
import { openStores, type Stores } from "../helpers/ledger";
import { waitForMail } from "../helpers/mail";
import { forgotPassword, requestResetLink, resetLink, resetPassword } from "../helpers/password-reset";
import type { ServerNodeHandle } from "../helpers/server";

const LINK_TTL_SECONDS = 5;
const NEW_PASSWORD = "a-fresh-passphrase-9";

let nodes: ServerNodeHandle[];
let names: ClusterNames;
let stores: Stores;
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, { PASSWORD_RESET_TTL_SECONDS: String(LINK_TTL_SECONDS) }, names);
  stores = await openStores(names);
});
afterAll(async () => {
  await stores?.close();
  await stopAll(nodes ?? []);
});

/** Everything a client sees of an answer, apart from the headers that differ on every answer. */
function visible(res: ApiAnswer) {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!["date", "content-length", "etag", "ratelimit", "ratelimit-policy"].includes(name)) headers[name] = value;
  });
  return { status: res.status, body: res.body, headers };
}

it("a reset link works once, even opened twice at once, and ends every session and socket on both nodes", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const account = await registerUser(a.url);
  const sockets = [await connectSocket(a.url, account.accessToken), await connectSocket(b.url, account.accessToken)];
  const ended = sockets.map(({ socket }) => nextEvent(socket, "session:ended", 5000));

  const { link, token } = await requestResetLink(b.url, account.email, 2);
  const mail = await waitForMail(account.email, { count: 2 });
  expect(mail.Subject).toBe("Reset your Chalkline password");
  expect(link.startsWith(`${new URL(b.url).origin}/password/reset#token=`)).toBe(true);
  expect(mail.HTML).toContain(`href="${link}"`);

  const both = await Promise.all([
    resetPassword(a.url, token, NEW_PASSWORD),
    resetPassword(b.url, token, NEW_PASSWORD),
  ]);
  expect(both.map((r) => r.status).sort()).toEqual([204, 400]);
  const again = await resetPassword(a.url, token, "yet-another-password");
  expect([again.status, again.body.error.code]).toEqual([400, "link_invalid"]);

  await expect(Promise.all(ended)).resolves.toEqual([{ reason: "password_changed" }, { reason: "password_changed" }]);
  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token: account.accessToken })).status).toBe(401);
  }
  expect((await api(a.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie })).status).toBe(401);
  const old = await api(a.url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
  });
  expect(old.body.error.code).toBe("invalid_credentials");
  const fresh = await api(b.url, "POST", "/api/auth/login", { body: { email: account.email, password: NEW_PASSWORD } });
  expect(fresh.status).toBe(200);
  const audited = await stores.db.collection("auditLog").find({ targetId: account.user.id }).toArray();
  expect(audited.map((e) => e.action)).toEqual(["auth.password_reset", "auth.signed_in"]);
  for (const { socket } of sockets) socket.close();
});

it("a reset link expires", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const account = await registerUser(a.url);
  const askedAt = Date.now();
  const { token } = await requestResetLink(a.url, account.email, 2);
  await sleep(Math.max(0, askedAt + LINK_TTL_SECONDS * 1000 + 500 - Date.now()));
  const late = await resetPassword(a.url, token, NEW_PASSWORD);
  expect([late.status, late.body.error.code]).toEqual([400, "link_invalid"]);
  const login = await api(a.url, "POST", "/api/auth/login", {
    body: { email: account.email, password: account.password },
  });
  expect(login.status).toBe(200);
});

it("an unknown address gets the same answer as a known one; only the mailbox tells", async () => {
  const [a] = nodes as [ServerNodeHandle];
  const account = await registerUser(a.url);
  const unknown = `${uniqueName("nobody")}@example.test`;
  const known = await forgotPassword(a.url, account.email);
  const stranger = await forgotPassword(a.url, unknown);
  expect(known.status).toBe(202);
  expect(known.body).toEqual({ status: "check_email" });
  expect(visible(stranger)).toEqual(visible(known));

  const note = await waitForMail(unknown);
  expect(note.Subject).toBe("Chalkline password reset");
  expect(note.Text).toContain("no account uses it");
  expect(() => resetLink(note)).toThrow();
  expect(resetLink(await waitForMail(account.email, { count: 2 })).token).toEqual(expect.any(String));
});

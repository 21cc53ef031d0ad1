import { COLLAB_CLOSE, type SessionEndReason } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, login, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, collabTicket, roomDocs, until } from "../helpers/collab-client";
import { classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

/** The requirement: an ended session's connections close on every node within a second. */
const WITHIN_MS = 1_000;

let nodes: ServerNodeHandle[];
let learners: TestAccount[];
let docId: string;
beforeAll(async () => {
  nodes = await startCluster(2, ROOMY_LIMITS);
  const fixture = await classWithLearners(nodes[0]!.url, 2);
  learners = fixture.learners;
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, learners[0]!.accessToken);
  docId = docs.find((d) => d.kind === "code")!.id;
}, 120_000);
afterAll(() => stopAll(nodes));

/** One login's connections: a socket and a document on each node, watched for how they end. */
interface Connections {
  sockets: ClientSocket[];
  docs: CollabClient[];
  endReasons: Array<SessionEndReason | null>;
  /** When each socket, then each document, closed (ms since the epoch); null while open. */
  closedAt: Array<number | null>;
}

async function connectEverywhere(token: string): Promise<Connections> {
  const sockets = await Promise.all(nodes.map(async (n) => (await connectSocket(n.url, token)).socket));
  const docs = nodes.map((n) => new CollabClient(n.url, docId, token));
  await Promise.all(docs.map((d) => d.synced()));
  const c: Connections = { sockets, docs, endReasons: sockets.map(() => null), closedAt: [] };
  c.closedAt = [...sockets, ...docs].map(() => null);
  sockets.forEach((s, i) => {
    s.on("session:ended", ({ reason }) => {
      c.endReasons[i] = reason;
    });
    s.on("disconnect", () => {
      c.closedAt[i] = Date.now();
    });
  });
  docs.forEach((d, i) => {
    d.provider.on("connection-close", () => {
      c.closedAt[sockets.length + i] ??= Date.now();
    });
  });
  return c;
}

const allClosed = (c: Connections) => c.closedAt.every((t) => t !== null);

function close(c: Connections): void {
  for (const s of c.sockets) s.close();
  for (const d of c.docs) d.destroy();
}

/** A second login of the same account, with its own connections, that must stay up. */
async function otherSession(account: TestAccount): Promise<{ token: string; connections: Connections }> {
  const again = await login(nodes[1]!.url, account.email, account.password);
  return { token: again.accessToken, connections: await connectEverywhere(again.accessToken) };
}

async function expectEnded(c: Connections, token: string, reason: SessionEndReason, endedAt: number) {
  await until(() => allClosed(c), 5_000, "every connection of the ended session to close");
  const slowest = Math.max(...c.closedAt.map((t) => t! - endedAt));
  expect(slowest).toBeLessThan(WITHIN_MS);
  expect(c.endReasons).toEqual(c.sockets.map(() => reason));
  expect(c.docs.map((d) => d.closeCodes.at(-1))).toEqual(c.docs.map(() => COLLAB_CLOSE.session_ended));
  for (const node of nodes) {
    expect((await api(node.url, "GET", "/api/me", { token })).status).toBe(401);
    await expect(connectSocket(node.url, token)).rejects.toThrow("unauthorized");
    expect((await collabTicket(node.url, docId, token)).status).toBe(401);
  }
}

async function expectStillOpen(c: Connections, token: string) {
  expect(c.closedAt).toEqual(c.closedAt.map(() => null));
  expect(c.sockets.every((s) => s.connected)).toBe(true);
  expect(c.docs.every((d) => d.provider.wsconnected)).toBe(true);
  expect((await api(nodes[0]!.url, "GET", "/api/me", { token })).status).toBe(200);
  // The socket still runs commands (each is checked against the ended sessions).
  expect((await c.sockets[0]!.emitWithAck("session:renew", { token })).ok).toBe(true);
}

it("logout ends the session's access token, sockets and documents on both nodes at once; other logins stay", async () => {
  const account = learners[0]!;
  const ending = await connectEverywhere(account.accessToken);
  const other = await otherSession(account);

  const endedAt = Date.now();
  const res = await api(nodes[0]!.url, "POST", "/api/auth/logout", { refreshCookie: account.refreshCookie });
  expect(res.status).toBe(204);

  await expectEnded(ending, account.accessToken, "logged_out", endedAt);
  await expectStillOpen(other.connections, other.token);
  close(ending);
  close(other.connections);
});

it("a reused refresh token ends the session's access tokens, sockets and documents on both nodes at once", async () => {
  const account = learners[1]!;
  const rotated = await api(nodes[0]!.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie });
  expect(rotated.status).toBe(200);
  const token = rotated.body.accessToken as string;
  const ending = await connectEverywhere(token);
  const other = await otherSession(account);

  // The first cookie again: someone else holds a copy of it.
  const endedAt = Date.now();
  const replay = await api(nodes[1]!.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie });
  expect(replay.body.error.code).toBe("refresh_reused");

  await expectEnded(ending, token, "refresh_reused", endedAt);
  // The token issued before the rotation belongs to the same session: it ended too.
  expect((await api(nodes[0]!.url, "GET", "/api/me", { token: account.accessToken })).status).toBe(401);
  await expectStillOpen(other.connections, other.token);
  close(ending);
  close(other.connections);
});

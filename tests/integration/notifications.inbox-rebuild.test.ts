import type { NotificationPage } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, type TestAccount } from "../helpers/clients";
import { deleteMatching, openStores, type Stores } from "../helpers/ledger";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** More than the inbox keeps in Redis (120), so the last pages come from the collection. */
const MENTIONS = 140;
const PAGE = 25;
const SOCKET_LIMITS = { SOCKET_EVENTS_PER_SECOND: "1000", SOCKET_ACCOUNT_EVENTS_PER_SECOND: "1000" };

const cluster = classCluster(2, 1, {
  ...ROOMY_LIMITS,
  ...SOCKET_LIMITS,
  NOTIFICATIONS_PER_SENDER_PER_MINUTE: "10000",
});
let stores: Stores;
let sockets: ClientSocket[];
let learner: TestAccount;
let sent = 0;

beforeAll(async () => {
  stores = await openStores(cluster.names);
  learner = cluster.fixture.learners[0]!;
  const { instructor } = cluster.fixture;
  sockets = await Promise.all(
    cluster.nodes.map(async (n) => (await connectSocket(n.url, instructor.accessToken)).socket),
  );
  await mention(MENTIONS);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets ?? []) socket.close();
  await stores?.close();
});

/** `count` chat messages mentioning the learner, through both nodes in turn. */
async function mention(count: number): Promise<void> {
  const handle = `@${learner.user.displayName.replace(/\s+/g, "").toLowerCase()}`;
  for (let i = 0; i < count; i++) {
    const n = sent++;
    const ack = await sockets[n % sockets.length]!.emitWithAck("chat:send", {
      roomId: cluster.fixture.roomId,
      clientMsgId: `inbox-mention-${String(n).padStart(4, "0")}`,
      text: `${handle} number ${n}`,
    });
    expect(ack.ok).toBe(true);
  }
  await until(async () => (await truth()).length === sent);
}

async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The learner's notifications as the collection holds them, newest first. */
async function truth(): Promise<Array<{ id: string; text: string; read: boolean }>> {
  const docs = await stores.db
    .collection("notifications")
    .find({ userId: new mongoose.Types.ObjectId(learner.user.id) })
    .sort({ _id: -1 })
    .toArray();
  return docs.map((d) => ({ id: String(d._id), text: String(d.text), read: d.readAt !== null }));
}

/** Every page the learner's bell shows from one node, and the unread count on its first page. */
async function view(node: number) {
  const pages: NotificationPage[] = [];
  for (let cursor: string | null | undefined; cursor !== null; ) {
    const query = `/api/notifications?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
    const answer = await api<NotificationPage>(cluster.nodes[node]!.url, "GET", query, { token: learner.accessToken });
    expect(answer.status).toBe(200);
    pages.push(answer.body);
    cursor = answer.body.nextCursor;
  }
  const items = pages.flatMap((p) => p.notifications.map((n) => ({ id: n.id, text: n.text, read: n.readAt !== null })));
  return { unread: pages[0]!.unread, items };
}

async function expectViewsMatchTruth(): Promise<void> {
  const stored = await truth();
  const expected = { unread: stored.filter((n) => !n.read).length, items: stored };
  // The inbox is written just after the notification is stored: the collection may be seen first.
  await expect.poll(() => view(0), { timeout: 5_000 }).toEqual(expected);
  await expect.poll(() => view(1), { timeout: 5_000 }).toEqual(expected);
}

async function forgetInboxes(): Promise<void> {
  expect(await deleteMatching(stores, `${stores.prefix}notifications:*`)).toBeGreaterThan(0);
}

function markRead(node: number, body: { ids: string[] } | { all: true }) {
  return api<{ unread: number }>(cluster.nodes[node]!.url, "POST", "/api/notifications/read", {
    token: learner.accessToken,
    body,
  });
}

it("the inbox read from Redis matches the collection on every node, and is the same once Redis lost it", {
  timeout: 120_000,
}, async () => {
  await expectViewsMatchTruth();
  expect(await stores.redis.exists(`${stores.prefix}notifications:{${learner.user.id}}:inbox`)).toBe(1);

  // Read on one node: the three newest (in the window) and one far older than the window keeps.
  const stored = await truth();
  const ids = [stored[0]!.id, stored[1]!.id, stored[2]!.id, stored[MENTIONS - 5]!.id];
  const read = await markRead(1, { ids });
  expect(read.body.unread).toBe(MENTIONS - ids.length);
  await expectViewsMatchTruth();

  await forgetInboxes();
  await expectViewsMatchTruth();

  // The rebuilt inbox takes new notifications and reads like any other.
  await mention(2);
  await expectViewsMatchTruth();
  expect((await view(0)).unread).toBe(MENTIONS - ids.length + 2);

  const all = await markRead(0, { all: true });
  expect(all.body.unread).toBe(0);
  await expectViewsMatchTruth();
  await forgetInboxes();
  await expectViewsMatchTruth();
  expect((await truth()).every((n) => n.read)).toBe(true);
});

import type { ChatMessage, MessagePage } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BUCKET_SIZE } from "../../server/src/features/chat/chat.buckets";
import { RECENT_WINDOW } from "../../server/src/features/chat/chat.recent";
import { type ClientSocket, connectSocket } from "../helpers/clients";
import { openStores, type Stores } from "../helpers/ledger";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

/** Two and a half buckets older than the Redis window. */
const MESSAGES = RECENT_WINDOW + 2 * BUCKET_SIZE + BUCKET_SIZE / 2;
const IN_FLIGHT = 8;
const PAGE = 50;
const FAST = { SOCKET_EVENTS_PER_SECOND: "100000", SOCKET_EVENT_BURST: "100000" };

const cluster = classCluster(2, 1, { ...ROOMY_LIMITS, ...FAST, SOCKET_ACCOUNT_EVENTS_PER_SECOND: "100000" });
let stores: Stores;
let sockets: ClientSocket[];

beforeAll(async () => {
  stores = await openStores(cluster.names);
  const token = cluster.fixture.learners[0]!.accessToken;
  sockets = await Promise.all(cluster.nodes.map(async (n) => (await connectSocket(n.url, token)).socket));
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, lane) => {
      for (let n = next++; n < MESSAGES; n = next++) {
        const ack = await sockets[lane % sockets.length]!.emitWithAck("chat:send", {
          roomId: cluster.fixture.roomId,
          clientMsgId: `bucketed-${String(n).padStart(5, "0")}`,
          text: `message ${n}`,
        });
        expect(ack.ok).toBe(true);
      }
    }),
  );
}, 180_000);

afterAll(async () => {
  for (const socket of sockets ?? []) socket.close();
  await stores?.close();
});

const roomId = () => cluster.fixture.roomId;
const buckets = () => stores.db.collection<{ _id: string; items: Record<string, unknown> }>("messageBuckets");

async function ack<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.error.code);
  return result.data;
}

/** Every page older than the Redis window, read from one node, oldest message first. */
async function oldPages(node: number): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (let before = MESSAGES - RECENT_WINDOW + 1; before > 1; before -= PAGE) {
    const page = await ack<MessagePage>(
      sockets[node]!.emitWithAck("chat:history", { roomId: roomId(), beforeSeq: before, limit: PAGE }),
    );
    messages.unshift(...page.messages);
  }
  return messages;
}

/** The same messages as the collection holds them. */
async function stored(): Promise<Array<Pick<ChatMessage, "seq" | "text" | "reactions" | "deletedAt">>> {
  const docs = await stores.db
    .collection("messages")
    .find({ roomId: new mongoose.Types.ObjectId(roomId()), seq: { $lte: MESSAGES - RECENT_WINDOW } })
    .sort({ seq: 1 })
    .toArray();
  return docs.map((d) => ({
    seq: d.seq,
    text: d.deletedAt ? "" : d.text,
    reactions: Object.fromEntries((d.reactions as string[]).map((r) => [r.split("|")[0], [r.split("|")[1]]])),
    deletedAt: d.deletedAt?.toISOString() ?? null,
  }));
}

async function expectPagesMatchMessages(): Promise<void> {
  const expected = await stored();
  expect(expected.map((m) => m.seq)).toEqual(Array.from({ length: MESSAGES - RECENT_WINDOW }, (_, i) => i + 1));
  for (const node of [0, 1]) {
    const pages = (await oldPages(node)).map((m) => ({
      seq: m.seq,
      text: m.text,
      reactions: m.reactions,
      deletedAt: m.deletedAt,
    }));
    expect(pages).toEqual(expected);
  }
}

it("pages older than the Redis window come from bucket documents that follow edits, and are rebuilt once lost", {
  timeout: 120_000,
}, async () => {
  // Folded just after each batch is acknowledged.
  const full = Math.ceil(MESSAGES / BUCKET_SIZE);
  const deadline = Date.now() + 10_000;
  while ((await buckets().countDocuments({})) < full && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(await buckets().countDocuments({})).toBe(full);
  await expectPagesMatchMessages();

  // Changes to old messages reach their buckets.
  const [first] = (
    await ack<MessagePage>(sockets[0]!.emitWithAck("chat:history", { roomId: roomId(), beforeSeq: 4, limit: 3 }))
  ).messages;
  const old = await oldPages(1);
  await ack(
    sockets[1]!.emitWithAck("chat:edit", { roomId: roomId(), messageId: first!.id, text: "edited long after" }),
  );
  await ack(
    sockets[0]!.emitWithAck("chat:react", { roomId: roomId(), messageId: old[120]!.id, emoji: "🎉", on: true }),
  );
  await ack(sockets[1]!.emitWithAck("chat:delete", { roomId: roomId(), messageId: old[220]!.id }));
  await expectPagesMatchMessages();
  expect((await oldPages(0))[0]!.text).toBe("edited long after");

  // Lost: a slot, then every bucket. Pages read the messages once and write the buckets again.
  await buckets().updateOne({ _id: `${roomId()}:1` }, { $unset: { "items.20": "" } });
  await expectPagesMatchMessages();
  expect((await buckets().findOne({ _id: `${roomId()}:1` }))?.items["20"]).toBeDefined();
  await buckets().deleteMany({});
  await expectPagesMatchMessages();
  expect(await buckets().countDocuments({})).toBe(Math.ceil((MESSAGES - RECENT_WINDOW) / BUCKET_SIZE));
});

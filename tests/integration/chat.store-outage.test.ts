import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedMongo, startMongo } from "@chalkline/server/embedded";
import type { Ack, ChatMessage, MessagePage } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ClientSocket, connectSocket } from "../helpers/clients";
import { newClusterNames } from "../helpers/cluster";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const SENDERS = 6;
/** Messages each sender sends before, during and after the outage. */
const ROUND = 10;
/** Longer than the server's 10 s server-selection timeout, so waiting writes fail rather than wait it out. */
const OUTAGE_MS = 12_000;

/** Each sender waits for its ack, so only the outage can refuse a send. */
const UNTHROTTLED = { SOCKET_EVENTS_PER_SECOND: "1000", SOCKET_EVENT_BURST: "1000" };

let dataDir: string;
let store: EmbeddedMongo;
let node: ServerNodeHandle;
let fixture: ClassFixture;

// This test stops its database, so it runs its own instead of the run's shared one.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chalkline-outage-"));
  store = await startMongo({ dataDir, durable: false });
  const services = { ...inject("services"), mongoUrl: store.url };
  node = await startServerNode({
    services,
    ...newClusterNames(),
    env: { SEED_DEMO: "true", ...ROOMY_LIMITS, ...UNTHROTTLED },
  });
  fixture = await classWithLearners(node.url, SENDERS);
}, 180_000);

afterAll(async () => {
  await node?.stop();
  await store?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it("a database outage mid-traffic fails the waiting sends plainly; their resends then store each message once", {
  timeout: 180_000,
}, async () => {
  const sockets = await Promise.all(fixture.learners.map((l) => joined(node.url, l.accessToken, fixture.roomId)));
  const send = (socket: ClientSocket, clientMsgId: string) =>
    socket
      .timeout(30_000)
      .emitWithAck("chat:send", { roomId: fixture.roomId, clientMsgId, text: `message ${clientMsgId}` })
      .catch((): Ack<ChatMessage> => ({ ok: false, error: { code: "unavailable", message: "no answer" } }));

  const acked = new Map<string, ChatMessage>();
  const failed: Array<{ socket: ClientSocket; clientMsgId: string; code: string }> = [];
  const sendRound = (count: number) =>
    Promise.all(
      sockets.map(async (socket) => {
        for (let m = 0; m < count; m++) {
          const clientMsgId = randomUUID().replaceAll("-", "");
          const answer = await send(socket, clientMsgId);
          if (answer.ok) acked.set(clientMsgId, answer.data);
          else failed.push({ socket, clientMsgId, code: answer.error.code });
        }
      }),
    );

  await sendRound(ROUND);
  expect(failed).toEqual([]);
  // The database goes away while everyone keeps sending, and comes back on the same port.
  const port = store.port;
  await store.stop();
  const back = sleep(OUTAGE_MS).then(async () => {
    store = await startMongo({ dataDir, port, durable: false });
  });
  await sendRound(ROUND);
  await back;
  await sendRound(ROUND);
  expect(failed.length).toBeGreaterThan(0);
  for (const { code } of failed) expect(code).toBe("unavailable");

  // Clients resend what was never acknowledged, with the same ids, until it is.
  for (const { socket, clientMsgId } of failed) {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(socket, clientMsgId);
      if (answer.ok) {
        acked.set(clientMsgId, answer.data);
        break;
      }
      if (attempt > 50) throw new Error(`resend never succeeded: ${answer.error.code}`);
      await sleep(200);
    }
  }

  const total = SENDERS * ROUND * 3;
  expect(acked.size).toBe(total);
  const stored = await everything(sockets[0]!, fixture.roomId);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(new Set(stored.map((m) => m.clientMsgId)).size).toBe(total);
  const byClientId = new Map(stored.map((m) => [m.clientMsgId, m]));
  for (const [clientMsgId, message] of acked) expect(byClientId.get(clientMsgId)?.id).toBe(message.id);
  for (const socket of sockets) socket.close();
});

async function joined(url: string, token: string, roomId: string): Promise<ClientSocket> {
  const { socket } = await connectSocket(url, token);
  const answer = await socket.emitWithAck("room:join", { roomId });
  if (!answer.ok) throw new Error(`join refused: ${answer.error.code}`);
  return socket;
}

async function everything(socket: ClientSocket, roomId: string): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (let afterSeq = 0; ; ) {
    const page: Ack<MessagePage> = await socket.emitWithAck("chat:since", { roomId, afterSeq, limit: 100 });
    if (!page.ok) throw new Error(`since refused: ${page.error.code}`);
    messages.push(...page.data.messages);
    if (!page.data.hasMore) return messages;
    afterSeq = page.data.messages.at(-1)!.seq;
  }
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedRedis, startRedis } from "@chalkline/server/embedded";
import type { Ack, MessagePage, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { ChatClient, expectEveryoneHoldsAll, sendThrough } from "../helpers/chat-client";
import { api, connectSocket } from "../helpers/clients";
import { loginDemo, newClusterNames, stopAll } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import { type ServerNodeHandle, startServerNode } from "../helpers/server";

const CLIENTS = 8;
const MESSAGES_EACH = 40;
const OUTAGE_MS = 2_000;
const UNTHROTTLED = { SOCKET_EVENTS_PER_SECOND: "1000", SOCKET_EVENT_BURST: "1000" };

let dataDir: string;
let redis: EmbeddedRedis;
let nodes: ServerNodeHandle[];
let fixture: ClassFixture;

// This test restarts Redis, so it runs its own instead of the run's shared one.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chalkline-redis-restart-"));
  redis = await startRedis({ dataDir });
  const services = { ...inject("services"), redisUrl: redis.url };
  const names = newClusterNames();
  const env = { SEED_DEMO: "true", ...ROOMY_LIMITS, ...UNTHROTTLED };
  nodes = [];
  for (let i = 0; i < 2; i++) nodes.push(await startServerNode({ services, ...names, env }));
  fixture = await classWithLearners(nodes[0]!.url, CLIENTS);
}, 180_000);

afterAll(async () => {
  await stopAll(nodes ?? []);
  await redis?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it("Redis restarting empty mid-traffic loses no acknowledged message, and the views Redis kept come back right", {
  timeout: 240_000,
}, async () => {
  const urls = nodes.map((n) => n.url);
  const clients = fixture.learners.map(
    (l, i) => new ChatClient(i % 2 ? urls : [...urls].reverse(), l.accessToken, fixture.roomId),
  );
  await Promise.all(clients.map((c) => c.start()));
  const admin = await loginDemo(urls[0]!, "admin");
  const learner = fixture.learners[0]!;
  const award = (key: string) =>
    grant(urls[0]!, admin.accessToken, { userId: learner.user.id, reason: "lesson_completed", key });
  expect((await award("before")).status).toBe(201);

  // Once half are sent, Redis stops, loses everything (as with no persistence) and comes back on its port.
  await sendThrough(clients, MESSAGES_EACH, async () => {
    const port = redis.port;
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
    await sleep(OUTAGE_MS);
    redis = await startRedis({ dataDir, port });
  });
  const total = CLIENTS * MESSAGES_EACH;
  await expectEveryoneHoldsAll(clients, total);

  // The rebuilt views: the newest page of history on each node is the stored one, and a balance
  // counts the award from before the restart and one after it.
  for (const url of urls) {
    const { socket } = await connectSocket(url, learner.accessToken);
    const joined = await socket.emitWithAck("room:join", { roomId: fixture.roomId });
    expect(joined.ok).toBe(true);
    const page: Ack<MessagePage> = await socket.emitWithAck("chat:history", { roomId: fixture.roomId, limit: 50 });
    if (!page.ok) throw new Error(`history refused: ${page.error.code}`);
    expect(page.data.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => total - 49 + i));
    socket.close();
  }
  const after = await award("after");
  expect(after.status).toBe(201);
  const progress = await api<ProgressView>(urls[1]!, "GET", "/api/me/progress", { token: learner.accessToken });
  expect(progress.body.xp).toBe(after.body.xp);
  for (const c of clients) c.close();
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2);
});
afterAll(() => stopAll(nodes));

it("a client on one node receives a broadcast sent by a client on the other", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const admin = await loginDemo(a.url, "admin");
  const learner = await registerUser(b.url);
  const sender = await connectSocket(a.url, admin.accessToken);
  const receiver = await connectSocket(b.url, learner.accessToken);
  expect(sender.ready.serverId).toBe(a.serverId);
  expect(receiver.ready.serverId).toBe(b.serverId);

  const received = nextEvent(receiver.socket, "announcement:sent");
  const ack = await sender.socket.emitWithAck("announcement:send", { text: "Class starts in five minutes" });
  expect(ack).toMatchObject({ ok: true, data: { text: "Class starts in five minutes" } });
  await expect(received).resolves.toMatchObject({ text: "Class starts in five minutes", from: { role: "admin" } });

  const learnerAck = await receiver.socket.emitWithAck("announcement:send", { text: "hi all" });
  expect(learnerAck).toMatchObject({ ok: false, error: { code: "forbidden" } });
  sender.socket.close();
  receiver.socket.close();
});

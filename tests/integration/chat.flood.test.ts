import { expect, it } from "vitest";
import { connectSocket } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 3);

it("one socket flooding 1,000 messages a second is rate limited while the others keep getting theirs", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const flooder = await connectSocket(a.url, cluster.fixture.learners[0]!.accessToken);
  const talker = await connectSocket(b.url, cluster.fixture.learners[1]!.accessToken);
  const listener = await connectSocket(a.url, cluster.fixture.learners[2]!.accessToken);
  const heard: string[] = [];
  listener.socket.on("chat:sent", (m) => heard.push(m.text));

  const flood = (async () => {
    const acks: Array<Promise<{ ok: boolean; error?: { code: string } }>> = [];
    for (let i = 0; i < 1000; i++) {
      acks.push(
        flooder.socket.emitWithAck("chat:send", {
          roomId: cluster.fixture.roomId,
          clientMsgId: `flood${i}xx`,
          text: `flood ${i}`,
        }),
      );
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 10));
    }
    return Promise.all(acks);
  })();
  const talk = (async () => {
    for (let i = 0; i < 10; i++) {
      const ack = await talker.socket.emitWithAck("chat:send", {
        roomId: cluster.fixture.roomId,
        clientMsgId: `talk${i}xxx`,
        text: `talk ${i}`,
      });
      expect(ack.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const [floodAcks] = await Promise.all([flood, talk]);

  const limited = floodAcks.filter((a) => !a.ok && a.error?.code === "rate_limited").length;
  const stored = floodAcks.filter((a) => a.ok).length;
  expect(limited).toBeGreaterThan(800);
  expect(stored).toBeLessThan(100);
  await expect.poll(() => heard.filter((t) => t.startsWith("talk")).length, { timeout: 10_000 }).toBe(10);
  for (const s of [flooder.socket, talker.socket, listener.socket]) s.close();
});

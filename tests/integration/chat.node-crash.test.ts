import { expect, it } from "vitest";
import { ChatClient } from "../helpers/chat-client";
import { classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const CLIENTS = 20;
const MESSAGES_EACH = 25;

const cluster = classCluster(2, CLIENTS);

it("SIGKILL of one node mid-run: its clients move to the other node and no acknowledged message is lost or doubled", {
  timeout: 240_000,
}, async () => {
  const [survivor, victim] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  // Clients list the victim first when they start on it, so after the crash they fail over.
  const clients = cluster.fixture.learners.map(
    (l, i) =>
      new ChatClient(
        i % 2 ? [victim.url, survivor.url] : [survivor.url, victim.url],
        l.accessToken,
        cluster.fixture.roomId,
      ),
  );
  await Promise.all(clients.map((c) => c.start()));

  let sent = 0;
  const half = (CLIENTS * MESSAGES_EACH) / 2;
  let crashed = false;
  const crash = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (sent >= half && !crashed) {
        crashed = true;
        victim.kill("SIGKILL");
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(
    clients.map(async (client, i) => {
      for (let m = 0; m < MESSAGES_EACH; m++) {
        await client.send(`client ${i} message ${m}`);
        sent += 1;
      }
    }),
  );
  await crash;
  expect(await victim.exited).toBeNull();

  const total = CLIENTS * MESSAGES_EACH;
  await Promise.all(clients.map((c) => c.waitFor(total, 90_000)));
  const everyAcked = clients.flatMap((c) => [...c.acked.values()]);
  expect(everyAcked).toHaveLength(total);
  for (const client of clients) {
    const messages = client.log.messages();
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.clientMsgId)).size).toBe(total);
    const held = new Set(messages.map((m) => m.id));
    for (const acked of everyAcked) expect(held.has(acked.id)).toBe(true);
    expect(client.url).toBe(survivor.url);
  }
  expect(clients.filter((c) => c.reconnects > 0).length).toBeGreaterThanOrEqual(CLIENTS / 2);
  for (const c of clients) c.close();
});

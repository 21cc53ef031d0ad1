import { expect, it } from "vitest";
import { ChatClient } from "../helpers/chat-client";
import { classCluster } from "../helpers/rooms";

const CLIENTS = 20;
const MESSAGES_EACH = 25;

const cluster = classCluster(2, CLIENTS);

it("20 clients on two cluster.nodes each send 25 messages: everyone ends with all 500, in one order, none twice", {
  timeout: 240_000,
}, async () => {
  const urls = cluster.nodes.map((n) => n.url);
  const clients = cluster.fixture.learners.map(
    (l, i) => new ChatClient(urls, l.accessToken, cluster.fixture.roomId, i),
  );
  await Promise.all(clients.map((c) => c.start()));
  expect(new Set(clients.map((c) => c.url)).size).toBe(2);

  await Promise.all(
    clients.map(async (client, i) => {
      for (let m = 0; m < MESSAGES_EACH; m++) await client.send(`client ${i} message ${m}`);
    }),
  );
  const total = CLIENTS * MESSAGES_EACH;
  await Promise.all(clients.map((c) => c.waitFor(total)));

  const reference = clients[0]!.log.messages().map((m) => m.id);
  expect(reference).toHaveLength(total);
  expect(new Set(reference).size).toBe(total);
  for (const client of clients) {
    const ids = client.log.messages().map((m) => m.id);
    expect(ids).toEqual(reference);
    expect(client.log.messages().map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  }
  // Each client's own messages appear in the order it sent them.
  for (const [i, client] of clients.entries()) {
    const own = clients[0]!.log.messages().filter((m) => m.author.id === cluster.fixture.learners[i]!.user.id);
    expect(own.map((m) => m.text)).toEqual(Array.from({ length: MESSAGES_EACH }, (_, m) => `client ${i} message ${m}`));
    expect(client.acked.size).toBe(MESSAGES_EACH);
  }
  for (const c of clients) c.close();
});

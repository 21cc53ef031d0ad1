import { expect, it } from "vitest";
import { ChatClient, expectEveryoneHoldsAll, sendThrough } from "../helpers/chat-client";
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

  await sendThrough(clients, MESSAGES_EACH, async () => {
    victim.kill("SIGKILL");
  });
  expect(await victim.exited).toBeNull();

  await expectEveryoneHoldsAll(clients, CLIENTS * MESSAGES_EACH);
  for (const client of clients) expect(client.url).toBe(survivor.url);
  expect(clients.filter((c) => c.reconnects > 0).length).toBeGreaterThanOrEqual(CLIENTS / 2);
  for (const c of clients) c.close();
});

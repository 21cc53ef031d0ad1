import type { Notification } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, connectSocket, type TestAccount } from "../helpers/clients";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const MAX_MENTIONS = 3;
const PER_SENDER_PER_MINUTE = 7;
const STORM_MESSAGES = 12;

const cluster = classCluster(2, 5, {
  ...ROOMY_LIMITS,
  CHAT_MAX_MENTIONS: String(MAX_MENTIONS),
  NOTIFICATIONS_PER_SENDER_PER_MINUTE: String(PER_SENDER_PER_MINUTE),
});

const handleOf = (account: TestAccount) => `@${account.user.displayName.replace(/\s+/g, "").toLowerCase()}`;

/** Mention notifications `sender` caused, over everyone in `recipients`. */
async function noticesFrom(sender: TestAccount, recipients: TestAccount[]): Promise<number> {
  let count = 0;
  for (const r of recipients) {
    const page = await api<{ notifications: Notification[] }>(cluster.nodes[0]!.url, "GET", "/api/notifications", {
      token: r.accessToken,
    });
    expect(page.status).toBe(200);
    count += page.body.notifications.filter((n) => n.kind === "mention" && n.from?.id === sender.user.id).length;
  }
  return count;
}

it("one message notifies at most the mention cap; the rest of the names are text", async () => {
  const [, ...targets] = cluster.fixture.learners;
  const sender = cluster.fixture.instructor;
  const { socket } = await connectSocket(cluster.nodes[0]!.url, sender.accessToken);
  const ack = await socket.emitWithAck("chat:send", {
    roomId: cluster.fixture.roomId,
    clientMsgId: "mentions-capped-01",
    text: `all of you: ${targets.map(handleOf).join(" ")}`,
  });
  expect(ack.ok).toBe(true);
  if (ack.ok) expect(ack.data.mentions).toHaveLength(MAX_MENTIONS);
  expect(await noticesFrom(sender, targets)).toBe(MAX_MENTIONS);
  socket.close();
});

it("a mention storm over two nodes notifies at most the sender's allowance per minute", async () => {
  const [sender, ...targets] = cluster.fixture.learners as [TestAccount, ...TestAccount[]];
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const sockets = [await connectSocket(a.url, sender.accessToken), await connectSocket(b.url, sender.accessToken)];
  const text = `look ${targets.map(handleOf).join(" ")}`;

  const startedWindow = Math.floor(Date.now() / 60_000);
  const acks = await Promise.all(
    Array.from({ length: STORM_MESSAGES }, (_, i) =>
      sockets[i % 2]!.socket.emitWithAck("chat:send", {
        roomId: cluster.fixture.roomId,
        clientMsgId: `mention-storm-${String(i).padStart(4, "0")}`,
        text,
      }),
    ),
  );
  const endedWindow = Math.floor(Date.now() / 60_000);
  // Every message is delivered; only the notifications are held back.
  expect(acks.every((ack) => ack.ok)).toBe(true);

  const notices = await noticesFrom(sender, targets);
  const minutes = endedWindow - startedWindow + 1;
  console.info(
    `${notices} notifications from ${STORM_MESSAGES} messages × ${MAX_MENTIONS} mentions over ${minutes} minute window(s)`,
  );
  expect(notices).toBeGreaterThanOrEqual(PER_SENDER_PER_MINUTE);
  expect(notices).toBeLessThanOrEqual(PER_SENDER_PER_MINUTE * minutes);
  for (const s of sockets) s.socket.close();
});

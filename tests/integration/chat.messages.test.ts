import { expect, it } from "vitest";
import { api, connectSocket, nextEvent } from "../helpers/clients";
import { type ClassFixture, classCluster } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = classCluster(2, 2);

it("a resend with the same client message id returns the stored message, not a duplicate", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const first = await connectSocket(a.url, cluster.fixture.learners[0]!.accessToken);
  const again = await connectSocket(b.url, cluster.fixture.learners[0]!.accessToken);
  const payload = { roomId: cluster.fixture.roomId, clientMsgId: "resend-test-0001", text: "only once" };
  const [one, two] = await Promise.all([
    first.socket.emitWithAck("chat:send", payload),
    again.socket.emitWithAck("chat:send", payload),
  ]);
  const three = await first.socket.emitWithAck("chat:send", payload);
  expect(one.ok && two.ok && three.ok).toBe(true);
  if (one.ok && two.ok && three.ok) expect(new Set([one.data.id, two.data.id, three.data.id]).size).toBe(1);
  const page = await first.socket.emitWithAck("chat:since", { roomId: cluster.fixture.roomId, afterSeq: 0 });
  expect(page.ok && page.data.messages.filter((m) => m.clientMsgId === "resend-test-0001")).toHaveLength(1);
  first.socket.close();
  again.socket.close();
});

it("history pages backwards with a cursor; edit, delete and reactions reach everyone", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const author = await connectSocket(a.url, cluster.fixture.learners[0]!.accessToken);
  const other = await connectSocket(b.url, cluster.fixture.learners[1]!.accessToken);
  const sent = [];
  for (let i = 0; i < 12; i++) {
    const ack = await author.socket.emitWithAck("chat:send", {
      roomId: cluster.fixture.roomId,
      clientMsgId: `page-${i}-xxxx`,
      text: `page ${i}`,
    });
    if (ack.ok) sent.push(ack.data);
  }
  const latest = await other.socket.emitWithAck("chat:history", { roomId: cluster.fixture.roomId, limit: 5 });
  expect(latest.ok && latest.data.messages.map((m) => m.text)).toEqual([
    "page 7",
    "page 8",
    "page 9",
    "page 10",
    "page 11",
  ]);
  expect(latest.ok && latest.data.hasMore).toBe(true);
  const older = await other.socket.emitWithAck("chat:history", {
    roomId: cluster.fixture.roomId,
    beforeSeq: sent[7]!.seq,
    limit: 5,
  });
  expect(older.ok && older.data.messages.map((m) => m.text)).toEqual([
    "page 2",
    "page 3",
    "page 4",
    "page 5",
    "page 6",
  ]);

  const target = sent[11]!;
  let update = nextEvent(other.socket, "chat:updated");
  expect(
    (
      await author.socket.emitWithAck("chat:edit", {
        roomId: cluster.fixture.roomId,
        messageId: target.id,
        text: "edited",
      })
    ).ok,
  ).toBe(true);
  await expect(update).resolves.toMatchObject({ seq: target.seq, text: "edited", editedAt: expect.any(String) });

  const notMine = await other.socket.emitWithAck("chat:edit", {
    roomId: cluster.fixture.roomId,
    messageId: target.id,
    text: "hijack",
  });
  expect(notMine).toMatchObject({ ok: false, error: { code: "forbidden" } });

  update = nextEvent(author.socket, "chat:updated");
  await other.socket.emitWithAck("chat:react", {
    roomId: cluster.fixture.roomId,
    messageId: target.id,
    emoji: "🎉",
    on: true,
  });
  await expect(update).resolves.toMatchObject({ reactions: { "🎉": [cluster.fixture.learners[1]!.user.id] } });

  // On a Redis Cluster the sharded adapter delivers to a node's own sockets once its publish is
  // answered, so the reaction's own update may still be on its way to its sender: wait for the delete.
  update = nextEvent(other.socket, "chat:updated", 10_000, (m) => m.deletedAt !== null);
  expect(
    (await author.socket.emitWithAck("chat:delete", { roomId: cluster.fixture.roomId, messageId: target.id })).ok,
  ).toBe(true);
  await expect(update).resolves.toMatchObject({ seq: target.seq, text: "", deletedAt: expect.any(String) });
  author.socket.close();
  other.socket.close();
});

it("@mentions notify the mentioned member live on another node; read markers drive unread counts", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const [ada, bob] = cluster.fixture.learners as [ClassFixture["learners"][number], ClassFixture["learners"][number]];
  const author = await connectSocket(a.url, ada.accessToken);
  const mentioned = await connectSocket(b.url, bob.accessToken);
  const handle = bob.user.displayName.replace(/\s+/g, "").toLowerCase();

  const live = nextEvent(mentioned.socket, "notification:new");
  const ack = await author.socket.emitWithAck("chat:send", {
    roomId: cluster.fixture.roomId,
    clientMsgId: "mention-000001",
    text: `hey @${handle} look at this`,
  });
  expect(ack.ok && ack.data.mentions).toEqual([bob.user.id]);
  await expect(live).resolves.toMatchObject({ kind: "mention", roomId: cluster.fixture.roomId });

  const stored = await api(b.url, "GET", "/api/notifications", { token: bob.accessToken });
  expect(stored.body.unread).toBeGreaterThanOrEqual(1);
  expect(stored.body.notifications[0]).toMatchObject({ kind: "mention", from: { id: ada.user.id } });
  const read = await api(b.url, "POST", "/api/notifications/read", { token: bob.accessToken, body: { all: true } });
  expect(read.body).toEqual({ unread: 0 });

  const before = await api(b.url, "GET", "/api/rooms", { token: bob.accessToken });
  const room = before.body.rooms.find((r: { id: string }) => r.id === cluster.fixture.roomId);
  expect(room.unread).toBe(room.lastSeq);
  const marked = await mentioned.socket.emitWithAck("chat:read", {
    roomId: cluster.fixture.roomId,
    seq: room.lastSeq - 2,
  });
  expect(marked).toEqual({ ok: true, data: { unread: 2 } });
  const back = await mentioned.socket.emitWithAck("chat:read", { roomId: cluster.fixture.roomId, seq: 1 });
  expect(back).toEqual({ ok: true, data: { unread: 2 } });
  author.socket.close();
  mentioned.socket.close();
});

it("typing indicators reach the others and are never stored", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const typist = await connectSocket(a.url, cluster.fixture.learners[0]!.accessToken);
  const watcher = await connectSocket(b.url, cluster.fixture.learners[1]!.accessToken);
  await new Promise((r) => setTimeout(r, 300));
  const typed = nextEvent(watcher.socket, "chat:typed");
  typist.socket.emit("chat:typing", { roomId: cluster.fixture.roomId, typing: true });
  await expect(typed).resolves.toMatchObject({
    roomId: cluster.fixture.roomId,
    typing: true,
    user: { id: cluster.fixture.learners[0]!.user.id },
  });
  typist.socket.close();
  watcher.socket.close();
});

import { expect, it } from "vitest";
import { connectSocket } from "../helpers/clients";
import { scrape, TEST_METRICS_TOKEN } from "../helpers/metrics";
import { classCluster, ROOMY_LIMITS } from "../helpers/rooms";

// A small command bucket, so that a burst of commands meets the per-socket limit without a flood.
const cluster = classCluster(1, 1, {
  ...ROOMY_LIMITS,
  METRICS_TOKEN: TEST_METRICS_TOKEN,
  SOCKET_EVENTS_PER_SECOND: "0.5",
  SOCKET_EVENT_BURST: "6",
});

it("sent chat messages and refused commands move their series on the node's /metrics", async () => {
  const url = cluster.nodes[0]!.url;
  const { roomId } = cluster.fixture;
  const read = async () => ({
    sentOk: await scrape(url, "chalkline_socket_commands_total", { event: "chat:send", outcome: "ok" }),
    invalid: await scrape(url, "chalkline_socket_commands_total", { event: "chat:send", outcome: "invalid_payload" }),
    limited: await scrape(url, "chalkline_socket_commands_total", { event: "chat:send", outcome: "rate_limited" }),
    refused: await scrape(url, "chalkline_limits_refused_total", { code: "rate_limited", limit: "socket_commands" }),
    acks: await scrape(url, "chalkline_socket_ack_seconds_count", { event: "chat:send" }),
    batches: await scrape(url, "chalkline_group_commit_batch_size_count", { queue: "chat_messages" }),
    pushes: await scrape(url, "chalkline_pushes_total", { event: "chat:sent" }),
  });
  const before = await read();
  const { socket } = await connectSocket(url, cluster.fixture.learners[0]!.accessToken);

  for (let i = 0; i < 3; i++) {
    const ack = await socket.emitWithAck("chat:send", { roomId, clientMsgId: `metrics${i}xx`, text: `hello ${i}` });
    expect(ack.ok).toBe(true);
  }
  const invalid = await socket.emitWithAck("chat:send", { roomId, clientMsgId: "x", text: "" });
  expect(invalid).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
  // Two tokens are left in the bucket; the rest of the burst is refused without reaching the service.
  const burst = await Promise.all(
    Array.from({ length: 10 }, () => socket.emitWithAck("chat:send", { roomId, clientMsgId: "y", text: "" })),
  );
  const limited = burst.filter((a) => !a.ok && a.error.code === "rate_limited").length;
  expect(limited).toBeGreaterThanOrEqual(7);
  socket.close();

  const after = await read();
  expect(after.sentOk - before.sentOk).toBe(3);
  expect(after.invalid - before.invalid).toBe(1 + (10 - limited));
  expect(after.limited - before.limited).toBe(limited);
  expect(after.refused - before.refused).toBe(limited);
  expect(after.acks - before.acks).toBe(14);
  expect(after.batches - before.batches).toBeGreaterThanOrEqual(1);
  expect(after.pushes - before.pushes).toBe(3);
});

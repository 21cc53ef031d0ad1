import { afterAll, beforeAll, expect, it } from "vitest";
import { connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
beforeAll(async () => {
  [node] = (await startCluster(1)) as [ServerNodeHandle];
});
afterAll(() => stopAll([node]));

it("a malformed payload is answered with invalid_payload and the server keeps serving others", async () => {
  const admin = await loginDemo(node.url, "admin");
  const sender = await connectSocket(node.url, admin.accessToken);
  const other = await connectSocket(node.url, (await registerUser(node.url)).accessToken);
  const emit = sender.socket.emitWithAck.bind(sender.socket) as (event: string, ...args: unknown[]) => Promise<any>;

  for (const bad of [
    null,
    42,
    "text",
    [],
    {},
    { text: 7 },
    { text: "" },
    { text: "x".repeat(501) },
    { text: "ok", extra: 1 },
  ]) {
    const ack = await emit("announcement:send", bad);
    expect(ack, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
  }
  // A payload over the size cap closes only that connection, never the server.
  const big = await connectSocket(node.url, admin.accessToken);
  const closed = new Promise((resolve) => big.socket.once("disconnect", resolve));
  big.socket.emit("announcement:send", { text: "x".repeat(200_000) } as never, () => {});
  await closed;

  const received = nextEvent(other.socket, "announcement:sent");
  const ack = await sender.socket.emitWithAck("announcement:send", { text: "still here" });
  expect(ack.ok).toBe(true);
  await expect(received).resolves.toMatchObject({ text: "still here" });
  sender.socket.close();
  other.socket.close();
});

it("an event flood from one socket is rate limited while another socket is served", async () => {
  const admin = await loginDemo(node.url, "admin");
  const flooder = await connectSocket(node.url, admin.accessToken);
  const calm = await connectSocket(node.url, admin.accessToken);
  const acks = await Promise.all(
    Array.from({ length: 100 }, (_, i) => flooder.socket.emitWithAck("announcement:send", { text: `flood ${i}` })),
  );
  const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
  expect(limited).toBeGreaterThan(50);
  const calmAck = await calm.socket.emitWithAck("announcement:send", { text: "calm" });
  expect(calmAck.ok).toBe(true);
  flooder.socket.close();
  calm.socket.close();
});

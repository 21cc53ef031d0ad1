import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { connectionsKeys } from "../../server/src/features/connections/connections.keys";
import { createRedis, type RedisClient } from "../../server/src/platform/redis";
import { type ClientSocket, connectSocket, nextEvent, registerUser, type TestAccount } from "../helpers/clients";
import { newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const PER_ACCOUNT = 10;
const names = newClusterNames();
let nodes: ServerNodeHandle[];
let account: TestAccount;
let redis: RedisClient;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  nodes = await startCluster(2, { SOCKETS_PER_ACCOUNT: String(PER_ACCOUNT) }, names);
  account = await registerUser(nodes[0]!.url);
  redis = createRedis(inject("services").redisUrl);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await redis?.quit();
  await stopAll(nodes ?? []);
});

async function open(nodeIndex: number): Promise<ClientSocket> {
  const { socket } = await connectSocket(nodes[nodeIndex % 2]!.url, account.accessToken);
  sockets.push(socket);
  return socket;
}

/** The account's sockets as every node counts them. */
function counted(): Promise<number> {
  return redis.zcard(connectionsKeys.accountOrder(`${names.keyPrefix}:`, account.user.id));
}

it("the 11th socket of an account pushes out the oldest, on the other node, which is told why", async () => {
  const first: ClientSocket[] = [];
  // One at a time, so the oldest is well defined; alternating nodes, so the count spans both.
  for (let i = 0; i < PER_ACCOUNT; i++) first.push(await open(i));
  expect(await counted()).toBe(PER_ACCOUNT);
  const [oldest, ...rest] = first as [ClientSocket, ...ClientSocket[]];
  const ended = nextEvent(oldest, "session:ended");
  const gone = new Promise<string>((resolve) => oldest.once("disconnect", resolve));

  // The oldest is on node 0; the 11th arrives on node 1.
  const eleventh = await open(1);
  await expect(ended).resolves.toEqual({ reason: "too_many_sockets" });
  await expect(gone).resolves.toBe("io server disconnect");
  expect(eleventh.connected).toBe(true);
  expect(rest.every((s) => s.connected)).toBe(true);
  expect(await counted()).toBe(PER_ACCOUNT);
});

it("a socket that closes gives its place back: the next one pushes nobody out", async () => {
  const connected = sockets.filter((s) => s.connected);
  expect(connected).toHaveLength(PER_ACCOUNT);
  const pushed: ClientSocket[] = [];
  for (const s of connected) s.once("session:ended", () => pushed.push(s));
  connected.at(-1)!.close();
  const deadline = Date.now() + 5_000;
  while ((await counted()) !== PER_ACCOUNT - 1) {
    if (Date.now() > deadline) throw new Error("the closed socket still counts");
    await new Promise((r) => setTimeout(r, 50));
  }
  const newest = await open(0);
  // A push-out would have taken the oldest out of the account's set before the newcomer was let in.
  const members = await redis.zrange(connectionsKeys.accountOrder(`${names.keyPrefix}:`, account.user.id), 0, -1);
  expect(new Set(members)).toEqual(new Set([...connected.slice(0, -1), newest].map((s) => s.id)));
  expect(pushed).toEqual([]);
});

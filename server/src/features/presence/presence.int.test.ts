import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createRedis, keysMatching, type RedisClient } from "../../platform/redis";
import { presenceKeys } from "./presence.keys";
import { PresenceService } from "./presence.service";

// Provided by tests/helpers/global-services.ts, which this package cannot import (it sits outside
// server/src); only the part used here is declared.
declare module "vitest" {
  export interface ProvidedContext {
    services: { redisUrl: string };
  }
}

const { redisUrl } = inject("services");
// Same shape as tests/helpers/ids.ts `uniqueName`, new for every test: a test's keys never meet
// another test's, even when a crashed node of a failed test leaves entries to expire.
let prefix = "";
beforeEach(() => {
  prefix = `presence_${process.pid.toString(36)}_${randomBytes(4).toString("hex")}:`;
});
const admin = createRedis(redisUrl);

interface Node {
  presence: PresenceService;
  redis: RedisClient;
  expired: Array<[roomId: string, userId: string]>;
}

let nodes: Node[] = [];

function startNode(nodeId: string, timing: { ttlMs?: number; heartbeatMs?: number; sweepMs?: number } = {}): Node {
  const redis = createRedis(redisUrl);
  const expired: Node["expired"] = [];
  const presence = PresenceService.create({
    redis,
    prefix,
    nodeId,
    onExpired: (roomId, userId) => expired.push([roomId, userId]),
    ...timing,
  });
  const node = { presence, redis, expired };
  nodes.push(node);
  return node;
}

const crashed = new Set<Node>();

/** A crash: the node's Redis connection is gone, so it neither refreshes nor cleans up. */
function crash(node: Node): void {
  node.redis.disconnect();
  crashed.add(node);
}

afterEach(async () => {
  // Closing a crashed node only stops its timers: a cluster client holds the commands of a closed
  // connection until it reconnects, which it never does, so they are not waited for.
  for (const n of crashed) void n.presence.close().catch(() => undefined);
  const live = nodes.filter((n) => !crashed.has(n));
  await Promise.all(live.map((n) => n.presence.close().catch(() => undefined)));
  await Promise.all(live.map((n) => n.redis.quit()));
  crashed.clear();
  nodes = [];
});

afterAll(async () => {
  await admin.quit();
});

let counter = 0;
function id(kind: string): string {
  counter += 1;
  return `${kind}${counter}`;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe("presence across nodes", () => {
  it("two nodes agree on who is online, in join order, and heartbeats keep that order", async () => {
    const a = startNode("node-a", { ttlMs: 1_500, heartbeatMs: 300 });
    const b = startNode("node-b", { ttlMs: 1_500, heartbeatMs: 300 });
    const room = id("room");
    const [u1, u2, u3] = [id("user"), id("user"), id("user")];

    await a.presence.join(room, id("s"), u1);
    await b.presence.join(room, id("s"), u2);
    await a.presence.join(room, id("s"), u3);
    await b.presence.join(room, id("s"), u1);

    expect(await a.presence.onlineUserIds(room)).toEqual([u1, u2, u3]);
    expect(await b.presence.onlineUserIds(room)).toEqual([u1, u2, u3]);

    // Longer than the TTL: only heartbeats keep these entries, and they do not reorder them.
    await sleep(2_000);
    expect(await b.presence.onlineUserIds(room)).toEqual([u1, u2, u3]);
    expect(await a.presence.onlineUserIds(id("room"))).toEqual([]);
  });

  it("reports a user's first join and last leave once, with two sockets on two nodes", async () => {
    const a = startNode("node-a");
    const b = startNode("node-b");
    const room = id("room");
    const user = id("user");
    const [s1, s2] = [id("s"), id("s")];

    expect(await a.presence.join(room, s1, user)).toEqual({ firstForUser: true });
    expect(await a.presence.join(room, s1, user)).toEqual({ firstForUser: false });
    expect(await b.presence.join(room, s2, user)).toEqual({ firstForUser: false });
    expect(await a.presence.leave(room, s1, user)).toEqual({ lastForUser: false });
    expect(await b.presence.onlineUserIds(room)).toEqual([user]);
    expect(await b.presence.leave(room, s2, user)).toEqual({ lastForUser: true });
    expect(await b.presence.leave(room, s2, user)).toEqual({ lastForUser: false });
    expect(await a.presence.onlineUserIds(room)).toEqual([]);
  });

  it("gives exactly one first and one last when two sockets join and leave concurrently", async () => {
    const a = startNode("node-a");
    const b = startNode("node-b");
    for (let i = 0; i < 25; i++) {
      const room = id("room");
      const user = id("user");
      const [s1, s2] = [id("s"), id("s")];
      const joins = await Promise.all([a.presence.join(room, s1, user), b.presence.join(room, s2, user)]);
      expect(joins.filter((j) => j.firstForUser)).toHaveLength(1);
      const leaves = await Promise.all([a.presence.leave(room, s1, user), b.presence.leave(room, s2, user)]);
      expect(leaves.filter((l) => l.lastForUser)).toHaveLength(1);
    }
  });

  it("leaveAll removes a socket from every room and names those where it was the user's last", async () => {
    const a = startNode("node-a");
    const b = startNode("node-b");
    const [r1, r2, r3] = [id("room"), id("room"), id("room")];
    const user = id("user");
    const socket = id("s");
    for (const room of [r1, r2, r3]) await a.presence.join(room, socket, user);
    await b.presence.join(r2, id("s"), user);

    expect((await a.presence.leaveAll(socket, user)).sort()).toEqual([r1, r3].sort());
    expect(await b.presence.onlineUserIds(r1)).toEqual([]);
    expect(await b.presence.onlineUserIds(r2)).toEqual([user]);
    expect(await b.presence.onlineUserIds(r3)).toEqual([]);
    expect(await a.presence.leaveAll(socket, user)).toEqual([]);

    // A join that raced its own socket's disconnect does not leave an entry behind.
    expect(await a.presence.join(r1, socket, user)).toEqual({ firstForUser: false });
    expect(await b.presence.onlineUserIds(r1)).toEqual([]);
  });

  it("removes a socket that lives on another node, and its node does not bring it back", async () => {
    const a = startNode("node-a", { ttlMs: 1_000, heartbeatMs: 200 });
    const b = startNode("node-b", { ttlMs: 1_000, heartbeatMs: 200 });
    const room = id("room");
    const user = id("user");
    const socket = id("s");
    await a.presence.join(room, socket, user);

    expect(await b.presence.leave(room, socket, user)).toEqual({ lastForUser: true });
    await sleep(500);
    expect(await a.presence.onlineUserIds(room)).toEqual([]);
    expect(await a.presence.leaveAll(socket, user)).toEqual([]);
  });

  it("drops a dead node's users within the TTL and reports each departure exactly once", async () => {
    const timing = { ttlMs: 1_500, heartbeatMs: 500, sweepMs: 100 };
    const a = startNode("node-a", timing);
    const c = startNode("node-c", timing);
    const dead = startNode("node-dead", timing);
    const room = id("room");
    const otherRoom = id("room");
    const [ghost, twoSockets, survivor] = [id("user"), id("user"), id("user")];

    await dead.presence.join(room, id("s"), ghost);
    await dead.presence.join(room, id("s"), ghost);
    await dead.presence.join(otherRoom, id("s"), ghost);
    await dead.presence.join(room, id("s"), twoSockets);
    await a.presence.join(room, id("s"), twoSockets);
    await c.presence.join(room, id("s"), survivor);
    crash(dead);

    expect(await a.presence.onlineUserIds(room)).toEqual([ghost, twoSockets, survivor]);
    // Bounded by a generous multiple of the TTL, not a tight figure: the machine may be busy.
    await waitFor(async () => !(await a.presence.onlineUserIds(room)).includes(ghost), 10 * timing.ttlMs);
    expect(await c.presence.onlineUserIds(room)).toEqual([twoSockets, survivor]);
    // The ghost joined the other room a moment later, so its entry there lapses a moment later.
    await waitFor(async () => (await c.presence.onlineUserIds(otherRoom)).length === 0, 10 * timing.ttlMs);

    const reports = () => [...a.expired, ...c.expired];
    await waitFor(() => reports().length >= 2, 10 * timing.ttlMs);
    // Several more sweeps on both live nodes: nothing is reported twice, nothing live is reported.
    await sleep(1_000);
    expect(reports().sort()).toEqual(
      [
        [room, ghost],
        [otherRoom, ghost],
      ].sort(),
    );
    expect(await a.presence.onlineUserIds(room)).toEqual([twoSockets, survivor]);
    expect(await a.presence.onlineUserIds(otherRoom)).toEqual([]);
  });

  it("a leave takes the user's expired entries with it, so no sweep reports the user again", async () => {
    const timing = { ttlMs: 800, heartbeatMs: 200, sweepMs: 5_000 };
    const a = startNode("node-a", timing);
    const dead = startNode("node-dead", timing);
    const room = id("room");
    const user = id("user");
    await dead.presence.join(room, id("s"), user);
    crash(dead);
    await sleep(1_000);

    const socket = id("s");
    expect(await a.presence.join(room, socket, user)).toEqual({ firstForUser: true });
    expect(await a.presence.leave(room, socket, user)).toEqual({ lastForUser: true });
    expect(await admin.zcard(presenceKeys.room(prefix, room))).toBe(0);
  });

  it("close() removes the node's entries at once, is idempotent, and refuses later joins", async () => {
    const a = startNode("node-a");
    const b = startNode("node-b");
    const room = id("room");
    const [u1, u2] = [id("user"), id("user")];
    await a.presence.join(room, id("s"), u1);
    await b.presence.join(room, id("s"), u2);
    await b.presence.join(id("room"), id("s"), u2);

    const keys = await keysMatching(admin, `${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(0);

    await Promise.all([b.presence.close(), b.presence.close()]);
    await b.presence.close();
    expect(await a.presence.onlineUserIds(room)).toEqual([u1]);
    await expect(b.presence.join(room, id("s"), u2)).rejects.toMatchObject({ code: "unavailable" });

    await a.presence.close();
    expect(await keysMatching(admin, `${prefix}*`)).toEqual([]);
  });
});

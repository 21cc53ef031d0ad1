import type { LeaderboardView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { grant } from "../helpers/ledger";
import { classCluster } from "../helpers/rooms";

const LEARNERS = 12;
const BURST = 100;
const IN_FLIGHT = 10;
const QUIET_MS = 1500;

const cluster = classCluster(2, LEARNERS);
let admin: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  admin = await loginDemo(cluster.nodes[0]!.url, "admin");
});
afterAll(() => {
  for (const socket of sockets) socket.close();
});

const classBoard = () => ({ scope: "class" as const, scopeId: cluster.fixture.roomId, period: "week" as const });

async function watcher(account: TestAccount, node: number) {
  const { socket } = await connectSocket(cluster.nodes[node]!.url, account.accessToken);
  sockets.push(socket);
  const pushes: Array<{ at: number; view: LeaderboardView }> = [];
  socket.on("leaderboard:updated", (view) => pushes.push({ at: Date.now(), view }));
  const ack = await socket.emitWithAck("leaderboard:watch", classBoard());
  if (!ack.ok) throw new Error(`watch refused: ${ack.error.code}`);
  return { socket, pushes, first: ack.data };
}

/** Resolves once no push arrived for QUIET_MS. */
async function quiet(pushes: unknown[]): Promise<void> {
  for (let seen = -1; seen !== pushes.length; ) {
    seen = pushes.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}

it("a burst of 100 awards gives each watcher a few coalesced pushes a second, the last one right", {
  timeout: 120_000,
}, async () => {
  const { learners, roomId } = cluster.fixture;
  const last = learners[LEARNERS - 1]!;
  const onB = await watcher(learners[0]!, 1);
  const onA = await watcher(last, 0);
  expect(onB.first).toMatchObject({ top: [], me: { rank: null, score: 0 }, players: 0 });

  // Everyone but the last learner earns a lot; the last one a little, so it ranks 12th, outside the top 10.
  const bodies = Array.from({ length: BURST }, (_, i) => ({
    userId: learners[i % (LEARNERS - 1)]!.user.id,
    reason: "lesson_completed" as const,
    key: `burst:${i}`,
    roomId,
  }));
  bodies.push({ userId: last.user.id, reason: "lesson_completed", key: "burst:last", roomId });
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length)
        expect((await grant(cluster.nodes[0]!.url, admin.accessToken, bodies[next++]!)).status).toBe(201);
    }),
  );
  await quiet(onB.pushes);
  await quiet(onA.pushes);

  for (const { pushes } of [onA, onB]) {
    expect(pushes.length).toBeGreaterThan(0);
    // Coalesced: fewer pushes than awards. How many fewer depends on how long the burst took on a
    // busy machine, so the rule itself is checked per window below.
    expect(pushes.length).toBeLessThan(BURST);
    // At most 4 a second per board and node: any one-second window holds at most 4 starts (+1 for timer jitter).
    for (const push of pushes)
      expect(pushes.filter((p) => p.at >= push.at && p.at < push.at + 1000).length).toBeLessThanOrEqual(5);
  }

  // The last push is the board as it ended, with each watcher's own standing.
  const query = `/api/leaderboards/class?scopeId=${roomId}&period=week`;
  for (const [account, { pushes }] of [
    [learners[0]!, onB],
    [last, onA],
  ] as const) {
    const now = await api<LeaderboardView>(cluster.nodes[1]!.url, "GET", query, { token: account.accessToken });
    expect(pushes.at(-1)!.view).toEqual(now.body);
  }
  const final = onA.pushes.at(-1)!.view;
  expect(final.top).toHaveLength(10);
  expect(final.players).toBe(LEARNERS);
  // 50 XP per lesson; the streak award has no room, so it is not on the class board.
  expect(final.me).toEqual({ rank: 12, score: 50 });
  expect(final.top.map((s) => s.user.id)).not.toContain(last.user.id);
  expect(onB.pushes.at(-1)!.view.me.rank).toBeLessThanOrEqual(10);
});

it("a learner who reconnects and watches again keeps score and rank", async () => {
  const learner = cluster.fixture.learners[LEARNERS - 1]!;
  const again = await watcher(learner, 1);
  expect(again.first.me).toEqual({ rank: 12, score: 50 });
});

it("only members may watch a class board, and unwatching stops the pushes", async () => {
  const outsider = await registerUser(cluster.nodes[0]!.url);
  const { socket } = await connectSocket(cluster.nodes[0]!.url, outsider.accessToken);
  sockets.push(socket);
  const refused = await socket.emitWithAck("leaderboard:watch", classBoard());
  expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
  const invalid = await socket.emitWithAck("leaderboard:watch", { scope: "class", period: "week" } as never);
  expect(invalid).toMatchObject({ ok: false, error: { code: "invalid_payload" } });

  const member = await watcher(cluster.fixture.learners[1]!, 0);
  expect(await member.socket.emitWithAck("leaderboard:unwatch", classBoard())).toEqual({ ok: true, data: null });
  await grant(cluster.nodes[1]!.url, admin.accessToken, {
    userId: cluster.fixture.learners[1]!.user.id,
    reason: "lesson_completed",
    key: "after-unwatch",
    roomId: cluster.fixture.roomId,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(member.pushes).toHaveLength(0);
});

import type { GroupTimerView, StudyAnalytics } from "@chalkline/shared";
import { expect, it } from "vitest";
import { studyKeys } from "../../server/src/features/study/study.keys";
import { api, type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { expectStatus } from "../helpers/courses";
import { focusEntries, studyCluster } from "../helpers/study";

const cluster = studyCluster(2);
/** The bound the product promises: every member sees the same phase end within this. */
const SAME_TIME_MS = 250;

interface Member {
  account: TestAccount;
  socket: ClientSocket;
}

/** Waits until every member got a `study-group:updated` matching `check`; answers each one's local arrival time with it. */
function everyoneSees(members: Member[], check: (view: GroupTimerView) => boolean) {
  return Promise.all(
    members.map(
      ({ socket }) =>
        new Promise<{ view: GroupTimerView; at: number }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no matching study-group:updated within 10 s")), 10_000);
          const listener = (view: GroupTimerView) => {
            if (!check(view)) return;
            clearTimeout(timer);
            socket.off("study-group:updated", listener);
            resolve({ view, at: Date.now() });
          };
          socket.on("study-group:updated", listener);
        }),
    ),
  );
}

/** Each member's phase end on its own clock (`at + remainingMs`): their spread is what people would see differ. */
function spreadMs(seen: { view: GroupTimerView; at: number }[]): number {
  const ends = seen.map((s) => s.at + s.view.remainingMs);
  return Math.max(...ends) - Math.min(...ends);
}

it("five members on two nodes start, pause, resume and skip the room's timer, all see the same phase and time, and a completed focus phase counts for those focusing", {
  timeout: 120_000,
}, async () => {
  const [a, b] = cluster.nodes.map((n) => n.url) as [string, string];
  const accounts: TestAccount[] = [];
  for (let i = 0; i < 5; i++) accounts.push(await registerUser(i % 2 === 0 ? a : b));
  const [owner, ...others] = accounts as [TestAccount, ...TestAccount[]];
  const settings = { focusSeconds: 600, breakSeconds: 300, longBreakSeconds: 900, longBreakEvery: 4 };
  // The timer runs on the lengths of the member who starts it (the second one here).
  const starter = accounts[1]!;
  expect((await api(b, "PUT", "/api/study/settings", { token: starter.accessToken, body: settings })).status).toBe(200);
  const room = expectStatus(
    await api<{ id: string; inviteCode: string }>(a, "POST", "/api/rooms/study", {
      token: owner.accessToken,
      body: { name: "Focus club", memberLimit: 8 },
    }),
    201,
    "study room",
  );
  for (const other of others) {
    const joined = await api(b, "POST", "/api/rooms/join", {
      token: other.accessToken,
      body: { code: room.inviteCode },
    });
    expect(joined.status).toBe(200);
  }
  const members: Member[] = [];
  for (const [i, account] of accounts.entries()) {
    members.push({ account, socket: (await connectSocket(i % 2 === 0 ? a : b, account.accessToken)).socket });
  }
  const spreads: Record<string, number> = {};
  const [m0, m1, m2, m3, m4] = members as [Member, Member, Member, Member, Member];
  const roomId = room.id;

  expect(await m1.socket.emitWithAck("study-group:state", { roomId })).toEqual({ ok: true, data: null });

  const started = everyoneSees(members, (v) => v.status === "running" && v.phase === "focus");
  const startAck = await m1.socket.emitWithAck("study-group:start", { roomId });
  expect(startAck).toMatchObject({ ok: true, data: { phase: "focus", status: "running", phaseMs: 600_000 } });
  const startSeen = await started;
  spreads.start = spreadMs(startSeen);
  // The same instant for everyone, on the server's clock: one end time in every member's view.
  expect(new Set(startSeen.map((s) => s.view.endsAt)).size).toBe(1);
  expect(startSeen[0]!.view.focusing).toEqual([m1.account.user.id]);

  // A state read on the other node answers the same end.
  const fromA = await m0.socket.emitWithAck("study-group:state", { roomId });
  const fromB = await m3.socket.emitWithAck("study-group:state", { roomId });
  if (!fromA.ok || !fromB.ok || !fromA.data || !fromB.data) throw new Error("state refused");
  expect(fromA.data.endsAt).toBe(startSeen[0]!.view.endsAt);
  expect(fromB.data.endsAt).toBe(startSeen[0]!.view.endsAt);

  const joined = everyoneSees(members, (v) => v.focusing.length === 2);
  await m2.socket.emitWithAck("study-group:join", { roomId });
  expect(new Set((await joined)[0]!.view.focusing)).toEqual(new Set([m1.account.user.id, m2.account.user.id]));

  const paused = everyoneSees(members, (v) => v.status === "paused");
  await m3.socket.emitWithAck("study-group:pause", { roomId });
  const pausedSeen = await paused;
  expect(new Set(pausedSeen.map((s) => `${s.view.phase}:${s.view.remainingMs}:${s.view.endsAt}`)).size).toBe(1);

  const resumed = everyoneSees(members, (v) => v.status === "running");
  await m4.socket.emitWithAck("study-group:resume", { roomId });
  const resumedSeen = await resumed;
  spreads.resume = spreadMs(resumedSeen);
  expect(resumedSeen[0]!.view.remainingMs).toBeLessThanOrEqual(pausedSeen[0]!.view.remainingMs);

  const skipped = everyoneSees(members, (v) => v.phase === "break");
  await m0.socket.emitWithAck("study-group:skip", { roomId });
  const skippedSeen = await skipped;
  spreads.skip = spreadMs(skippedSeen);
  expect(new Set(skippedSeen.map((s) => `${s.view.phase}:${s.view.cycle}:${s.view.endsAt}`)).size).toBe(1);
  expect(skippedSeen[0]!.view).toMatchObject({ phase: "break", cycle: 1, phaseMs: 300_000, todayTotalMinutes: 0 });

  console.info(`group timer: spread of each member's phase end (ms) ${JSON.stringify(spreads)}`);
  for (const spread of Object.values(spreads)) expect(spread).toBeLessThanOrEqual(SAME_TIME_MS);

  // A focus phase that runs to its end counts for the members focusing in it: ten minutes each.
  const refocused = everyoneSees(members, (v) => v.phase === "focus");
  await m2.socket.emitWithAck("study-group:skip", { roomId });
  await refocused;
  const [seconds] = await cluster.stores.redis.time();
  await cluster.stores.redis.hset(
    studyKeys.groupTimer(cluster.stores.prefix, roomId),
    "endsAt",
    Number(seconds) * 1000 - 1,
  );
  const completed = everyoneSees(members, (v) => v.phase === "break" && v.cycle === 2);
  await m4.socket.emitWithAck("study-group:state", { roomId });
  const completedSeen = await completed;
  expect(completedSeen[0]!.view).toMatchObject({
    todayMinutes: { [m1.account.user.id]: 10, [m2.account.user.id]: 10 },
    todayTotalMinutes: 20,
  });
  for (const member of [m1, m2]) {
    const analytics = await api<StudyAnalytics>(a, "GET", "/api/study/analytics", {
      token: member.account.accessToken,
    });
    expect(analytics.body.heatmap.at(-1)?.minutes).toBe(10);
    const awards = await focusEntries(cluster.stores, member.account.user.id);
    expect(awards.map((e) => e.amount)).toEqual([20]);
  }
  expect(await focusEntries(cluster.stores, m0.account.user.id)).toEqual([]);

  // Someone outside the room gets nothing.
  const stranger = await registerUser(a);
  const outside = (await connectSocket(b, stranger.accessToken)).socket;
  expect(await outside.emitWithAck("study-group:pause", { roomId })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  for (const s of [...members.map((m) => m.socket), outside]) s.close();
});

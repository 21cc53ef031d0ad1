import { setTimeout as sleep } from "node:timers/promises";
import { type Dashboard, utcDayOf } from "@chalkline/shared";
import { expect, it } from "vitest";
import { api, type ClientSocket, connectSocket, type TestAccount } from "../helpers/clients";
import { loginDemo } from "../helpers/cluster";
import { expectStatus } from "../helpers/courses";
import { ok } from "../helpers/live-client";
import { classCluster } from "../helpers/rooms";

const cluster = classCluster(2, 3, undefined, { media: 1 });

async function totals(admin: TestAccount): Promise<Dashboard["totals"]> {
  const today = utcDayOf(new Date());
  const answer = await api<Dashboard>(cluster.nodes[0]!.url, "GET", `/api/admin/analytics?from=${today}&to=${today}`, {
    token: admin.accessToken,
  });
  return expectStatus(answer, 200, "dashboard").totals;
}

async function waitForTotals(admin: TestAccount, done: (t: Dashboard["totals"]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await totals(admin);
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`analytics still ${JSON.stringify(value)}`);
    await sleep(250);
  }
}

const connect = async (node: number, account: TestAccount): Promise<ClientSocket> =>
  (await connectSocket(cluster.nodes[node]!.url, account.accessToken)).socket;

it("each live class started counts as held once, and each person who joined its media as one attendance", async () => {
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea, cem] = learners as [TestAccount, TestAccount, TestAccount];
  const admin = await loginDemo(cluster.nodes[0]!.url, "admin");
  const before = await totals(admin);
  const sockets: ClientSocket[] = [];
  const joinMedia = async (node: number, account: TestAccount) => {
    const socket = await connect(node, account);
    sockets.push(socket);
    ok(await socket.emitWithAck("live:join", { roomId }));
    return socket;
  };

  // First class: the instructor, Ada, and Bea twice (on both nodes); Cem never comes.
  const teacher = await connect(0, instructor);
  sockets.push(teacher);
  ok(await teacher.emitWithAck("live:start", { roomId }));
  // Starting again answers the same class: still one held.
  ok(await teacher.emitWithAck("live:start", { roomId }));
  ok(await teacher.emitWithAck("live:join", { roomId }));
  await joinMedia(1, ada);
  const beaFirst = await joinMedia(0, bea);
  ok(await beaFirst.emitWithAck("live:leave", { roomId }));
  await joinMedia(1, bea);
  ok(await teacher.emitWithAck("live:end", { roomId }));

  // Second class: the instructor and Cem.
  ok(await teacher.emitWithAck("live:start", { roomId }));
  ok(await teacher.emitWithAck("live:leave", { roomId }));
  ok(await teacher.emitWithAck("live:join", { roomId }));
  await joinMedia(1, cem);
  ok(await teacher.emitWithAck("live:end", { roomId }));
  for (const socket of sockets) socket.close();

  const expected = { classesHeld: before.classesHeld + 2, attendances: before.attendances + 3 + 2 };
  const after = await waitForTotals(
    admin,
    (t) => t.classesHeld >= expected.classesHeld && t.attendances >= expected.attendances,
  );
  expect(after).toMatchObject(expected);
  // Nor does a late count (a second start, a rejoin) arrive a moment later.
  await sleep(1000);
  expect(await totals(admin)).toMatchObject(expected);
});

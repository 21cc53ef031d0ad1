import type { BreakoutSessionView } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { breakoutCluster, chatText, goLive, inClass, TEMPLATE } from "../helpers/breakouts";
import { api, type ClientSocket } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = breakoutCluster();
const sockets: ClientSocket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

it("learners pick their room where the instructor allows it, and the deadline can be extended", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await inClass(a.url, instructor, roomId, sockets);
  const picker = await inClass(b.url, learners[0]!, roomId, sockets);
  const liveClassId = await goLive(teacher, roomId);
  const planned = await api<BreakoutSessionView>(a.url, "PUT", `/api/live-classes/${liveClassId}/breakouts`, {
    token: instructor.accessToken,
    body: { grouping: { kind: "choice", roomCount: 2 }, template: TEMPLATE },
  });
  expect(planned.body).toMatchObject({
    status: "planned",
    learnersChoose: true,
    rooms: [{ key: "r1" }, { key: "r2" }],
  });
  expect(
    (
      await api(a.url, "POST", `/api/breakouts/${planned.body.id}/start`, {
        token: learners[0]!.accessToken,
        body: { durationSeconds: 60 },
      })
    ).status,
  ).toBe(403);
  const started = await api<BreakoutSessionView>(a.url, "POST", `/api/breakouts/${planned.body.id}/start`, {
    token: instructor.accessToken,
    body: { durationSeconds: 60 },
  });
  expect(started.body.rooms.every((r) => r.memberIds.length === 0 && r.roomId)).toBe(true);
  const [r1, r2] = started.body.rooms as [BreakoutSessionView["rooms"][0], BreakoutSessionView["rooms"][0]];

  // Nobody is in a room before picking one.
  expect(await chatText(picker, r2.roomId!, "hello?")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  const chose = await api<BreakoutSessionView>(b.url, "POST", `/api/breakouts/${planned.body.id}/choose`, {
    token: learners[0]!.accessToken,
    body: { roomKey: "r2" },
  });
  expect(chose.body.rooms.find((r) => r.key === "r2")!.memberIds).toEqual([learners[0]!.user.id]);
  ok(await chatText(picker, r2.roomId!, "picked room two"));
  // Picking again moves them: the first room refuses them from then on.
  await api(b.url, "POST", `/api/breakouts/${planned.body.id}/choose`, {
    token: learners[0]!.accessToken,
    body: { roomKey: "r1" },
  });
  ok(await chatText(picker, r1.roomId!, "now in room one"));
  expect(await chatText(picker, r2.roomId!, "back?")).toMatchObject({ ok: false, error: { code: "forbidden" } });

  const before = Date.parse(started.body.endsAt!);
  const extended = await api<BreakoutSessionView>(a.url, "POST", `/api/breakouts/${planned.body.id}/extend`, {
    token: instructor.accessToken,
    body: { seconds: 120 },
  });
  expect(Date.parse(extended.body.endsAt!) - before).toBe(120_000);
});

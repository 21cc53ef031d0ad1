import type { BreakoutSessionView, GroupSetView, LiveClassView } from "@chalkline/shared";
import { expect, it } from "vitest";
import { TEMPLATE } from "../helpers/breakouts";
import { api } from "../helpers/clients";
import { classCluster } from "../helpers/rooms";

const cluster = classCluster(1, 4);

it("an instructor saves a course's groups and plans a scheduled class's breakouts from them", async () => {
  const node = cluster.nodes[0]!;
  const { roomId, instructor, learners } = cluster.fixture;
  const [ada, bea, cy, dee] = learners.map((l) => l.user.id) as [string, string, string, string];
  const saved = await api<GroupSetView>(node.url, "POST", `/api/rooms/${roomId}/group-sets`, {
    token: instructor.accessToken,
    body: {
      name: "Project teams",
      groups: [
        { name: "Team A", memberIds: [ada, dee] },
        { name: "Team B", memberIds: [bea, cy] },
      ],
    },
  });
  expect(saved.status).toBe(201);
  const refused = await api(node.url, "GET", `/api/rooms/${roomId}/group-sets`, { token: learners[0]!.accessToken });
  expect(refused.status).toBe(403);
  const listed = await api<{ groupSets: GroupSetView[] }>(node.url, "GET", `/api/rooms/${roomId}/group-sets`, {
    token: instructor.accessToken,
  });
  expect(listed.body.groupSets.map((g) => g.name)).toEqual(["Project teams"]);

  // Planned ahead, before the class starts.
  const scheduled = await api<LiveClassView>(node.url, "POST", `/api/rooms/${roomId}/live-classes`, {
    token: instructor.accessToken,
    body: { title: "Thursday", scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 45 },
  });
  const planned = await api<BreakoutSessionView>(node.url, "PUT", `/api/live-classes/${scheduled.body.id}/breakouts`, {
    token: instructor.accessToken,
    body: { grouping: { kind: "groupSet", groupSetId: saved.body.id }, template: TEMPLATE },
  });
  expect(planned.status).toBe(200);
  expect(planned.body.rooms.map((r) => [r.name, [...r.memberIds].sort()])).toEqual([
    ["Team A", [ada, dee].sort()],
    ["Team B", [bea, cy].sort()],
  ]);
  // Starting waits for the class to be live; learners see the plan but cannot make one.
  const early = await api(node.url, "POST", `/api/breakouts/${planned.body.id}/start`, {
    token: instructor.accessToken,
    body: { durationSeconds: 600 },
  });
  expect(early.status).toBe(409);
  const seen = await api<{ session: BreakoutSessionView }>(
    node.url,
    "GET",
    `/api/live-classes/${scheduled.body.id}/breakouts`,
    { token: learners[0]!.accessToken },
  );
  expect(seen.body.session.id).toBe(planned.body.id);
  const notTheirs = await api(node.url, "PUT", `/api/live-classes/${scheduled.body.id}/breakouts`, {
    token: learners[0]!.accessToken,
    body: { grouping: { kind: "random", size: 2 }, template: TEMPLATE },
  });
  expect(notTheirs.status).toBe(403);
});

import type { BreakoutSessionView, BreakoutSnapshot } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { breakoutCluster, chatText, goLive, inClass, planAndStart, roomOf, threeGroups } from "../helpers/breakouts";
import { api, type ClientSocket, nextEvent } from "../helpers/clients";
import { CollabClient, until } from "../helpers/collab-client";
import { ok } from "../helpers/live-client";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = breakoutCluster();
const sockets: ClientSocket[] = [];
const docs: CollabClient[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
});

it("the deadline fires on a surviving node after the starting node dies, and nothing written is lost", async () => {
  const [doomed, survivor] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await inClass(doomed.url, instructor, roomId, sockets);
  const writer = await inClass(doomed.url, learners[0]!, roomId, sockets);
  const mate = await inClass(survivor.url, learners[1]!, roomId, sockets);
  const liveClassId = await goLive(teacher, roomId);
  const session = await planAndStart(doomed.url, instructor, liveClassId, threeGroups(cluster.fixture), 15);
  const room = roomOf(session, learners[0]!.user.id);

  // Written through the node about to die: a chat message (stored before its ack) and code.
  ok(await writer.emitWithAck("room:join", { roomId: room.roomId }));
  ok(await chatText(writer, room.roomId, "written before the crash"));
  const code = new CollabClient(doomed.url, room.codeDocId, learners[0]!.accessToken);
  const watcher = new CollabClient(survivor.url, room.codeDocId, learners[1]!.accessToken);
  docs.push(code, watcher);
  await Promise.all([code.synced(), watcher.synced()]);
  code.text.insert(code.text.length, "solution = 42\n");
  await until(() => watcher.text.toString().includes("solution = 42"), 10_000, "the edit on the other node");

  doomed.kill("SIGKILL");
  await doomed.exited;
  // The browser carries on against the surviving node, with its replica.
  code.switchTo(survivor.url);
  await code.synced();
  code.text.insert(code.text.length, "# after the crash\n");
  await until(() => watcher.text.toString().includes("# after the crash"), 10_000, "the edit after the crash");

  const ended = await nextEvent(mate, "breakout:updated", 40_000, (v: BreakoutSessionView) => v.status === "ended");
  expect(ended.id).toBe(session.id);
  const { body: snapshot } = await api<BreakoutSnapshot>(
    survivor.url,
    "GET",
    `/api/breakout-snapshots/${session.id}:${room.key}`,
    { token: instructor.accessToken },
  );
  expect(snapshot.code.text).toBe(code.text.toString());
  expect(snapshot.code.text).toContain("solution = 42");
  expect(snapshot.code.text).toContain("# after the crash");
  expect(snapshot.chat.map((line) => line.text)).toEqual(["written before the crash"]);
  const others = await api(survivor.url, "GET", `/api/live-classes/${liveClassId}/breakout-snapshots`, {
    token: instructor.accessToken,
  });
  expect(others.body.snapshots).toHaveLength(3);
});

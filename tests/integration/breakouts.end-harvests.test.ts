import type { AttendanceList, BreakoutSessionView, BreakoutSnapshot, BreakoutSnapshotSummary } from "@chalkline/shared";
import { afterAll, expect, it } from "vitest";
import { breakoutCluster, chatText, goLive, inClass, planAndStart, roomOf, threeGroups } from "../helpers/breakouts";
import { api, type ClientSocket, nextEvent } from "../helpers/clients";
import { CollabClient } from "../helpers/collab-client";
import { ok } from "../helpers/live-client";
import type { ServerNodeHandle } from "../helpers/server";

const cluster = breakoutCluster();
const sockets: ClientSocket[] = [];
const docs: CollabClient[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
  for (const d of docs) d.destroy();
});

it("ending returns everyone to the class and keeps each room's code, board and chat as they last were", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await inClass(a.url, instructor, roomId, sockets);
  const pupils = await Promise.all(learners.map((l, i) => inClass((i % 2 ? b : a).url, l, roomId, sockets)));
  const liveClassId = await goLive(teacher, roomId);
  const session = await planAndStart(a.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);

  // Each room writes its own code, draws its own shape and chats, through both nodes.
  const written = new Map<string, { code: CollabClient; board: CollabClient }>();
  for (const [i, learner] of learners.entries()) {
    if (i % 2 === 1) continue;
    const room = roomOf(session, learner.user.id);
    const node = i === 2 ? b : a;
    ok(await pupils[i]!.emitWithAck("room:join", { roomId: room.roomId }));
    // In the room's media too: breakout time is class time.
    ok(await pupils[i]!.emitWithAck("live:join", { roomId: room.roomId }));
    ok(await chatText(pupils[i]!, room.roomId, `notes of ${room.name}`));
    ok(await chatText(pupils[i + 1]!, room.roomId, `reply in ${room.name}`));
    const code = new CollabClient(node.url, room.codeDocId, learner.accessToken);
    const board = new CollabClient(node.url === a.url ? b.url : a.url, room.boardDocId, learners[i + 1]!.accessToken);
    docs.push(code, board);
    await Promise.all([code.synced(), board.synced()]);
    code.text.insert(code.text.length, `answer = "${room.name}"\n`);
    board.doc.getMap("shapes").set(`s-${i}`, {
      id: `s-${i}`,
      type: "rect",
      x: 10 * i,
      y: 20,
      w: 100,
      h: 50,
      color: "#e11d48",
      z: 1,
      authorId: learners[i + 1]!.user.id,
    });
    written.set(room.key, { code, board });
  }
  // The last keystroke is in flight when the instructor ends the breakouts.
  const last = written.get("r1")!.code;
  last.text.insert(last.text.length, "# last line\n");

  const back = pupils.map((p) =>
    nextEvent(p, "breakout:updated", 20_000, (v: BreakoutSessionView) => v.status === "ended"),
  );
  const removed = nextEvent(pupils[0]!, "room:removed");
  const ended = await api<BreakoutSessionView>(b.url, "POST", `/api/breakouts/${session.id}/end`, {
    token: instructor.accessToken,
  });
  expect(ended.status).toBe(200);
  expect(ended.body.status).toBe("ended");
  await Promise.all(back);
  await removed;
  // Back in the main class: its chat is theirs again, the breakout's is not.
  ok(await chatText(pupils[0]!, roomId, "back in class"));
  expect(await chatText(pupils[0]!, roomOf(session, learners[0]!.user.id).roomId, "late")).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });

  const listed = await api<{ snapshots: BreakoutSnapshotSummary[] }>(
    a.url,
    "GET",
    `/api/live-classes/${liveClassId}/breakout-snapshots`,
    { token: instructor.accessToken },
  );
  expect(listed.body.snapshots.map((s) => s.name).sort()).toEqual(["Group 1", "Group 2", "Group 3"]);
  for (const summary of listed.body.snapshots) {
    const { body: snapshot } = await api<BreakoutSnapshot>(a.url, "GET", `/api/breakout-snapshots/${summary.id}`, {
      token: instructor.accessToken,
    });
    const key = summary.id.split(":")[1]!;
    const { code, board } = written.get(key)!;
    // The documents' last state, as the instructor (still a member of the room) reads it now.
    const reader = new CollabClient(a.url, roomOf(session, snapshot.memberIds[0]!).codeDocId, instructor.accessToken);
    docs.push(reader);
    await reader.synced();
    expect(snapshot.code.text).toBe(reader.text.toString());
    expect(snapshot.code.text).toBe(code.text.toString());
    expect(snapshot.board.shapes).toEqual(Object.values(board.doc.getMap("shapes").toJSON()));
    expect(snapshot.chat.map((line) => line.text)).toEqual([`notes of ${snapshot.name}`, `reply in ${snapshot.name}`]);
  }
  expect(written.get("r1")!.code.text.toString()).toContain("# last line");

  // A snapshot shown by the instructor reaches the class room; the class record lists breakout attendance.
  const shown = nextEvent(pupils[5]!, "breakout:shown");
  const first = listed.body.snapshots[0]!;
  expect(
    (await api(b.url, "POST", `/api/breakout-snapshots/${first.id}/show`, { token: instructor.accessToken })).status,
  ).toBe(200);
  await expect(shown).resolves.toMatchObject({ id: first.id });
  expect(
    (await api(b.url, "POST", `/api/breakout-snapshots/${first.id}/show`, { token: learners[0]!.accessToken })).status,
  ).toBe(403);
  const attendance = await api<AttendanceList>(a.url, "GET", `/api/live-classes/${liveClassId}/attendance`, {
    token: instructor.accessToken,
  });
  const attended = attendance.body.attendance.map((row) => row.user.id);
  for (const i of [0, 2, 4]) expect(attended).toContain(learners[i]!.user.id);
});

it("ending the live class ends its running breakouts with it, harvested, before the end is answered", async () => {
  const [a, b] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const teacher = await inClass(a.url, instructor, roomId, sockets);
  const pupil = await inClass(b.url, learners[0]!, roomId, sockets);
  const liveClassId = await goLive(teacher, roomId);
  const session = await planAndStart(a.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);
  const room = roomOf(session, learners[0]!.user.id);
  ok(await pupil.emitWithAck("room:join", { roomId: room.roomId }));
  ok(await chatText(pupil, room.roomId, "said before the class ended"));

  const back = nextEvent(pupil, "breakout:updated", 20_000, (v: BreakoutSessionView) => v.status === "ended");
  ok(await teacher.emitWithAck("live:end", { roomId }));
  // Answered only once the breakouts are over: the session is ended and every room is kept.
  const after = await api<{ session: BreakoutSessionView | null }>(
    a.url,
    "GET",
    `/api/live-classes/${liveClassId}/breakouts`,
    { token: instructor.accessToken },
  );
  expect(after.body.session).toBeNull();
  await back;
  const listed = await api<{ snapshots: BreakoutSnapshotSummary[] }>(
    b.url,
    "GET",
    `/api/live-classes/${liveClassId}/breakout-snapshots`,
    { token: instructor.accessToken },
  );
  const kept = listed.body.snapshots.filter((s) => s.sessionId === session.id);
  expect(kept.map((s) => s.name).sort()).toEqual(["Group 1", "Group 2", "Group 3"]);
  const mine = kept.find((s) => s.memberIds.includes(learners[0]!.user.id))!;
  const { body: snapshot } = await api<BreakoutSnapshot>(a.url, "GET", `/api/breakout-snapshots/${mine.id}`, {
    token: instructor.accessToken,
  });
  expect(snapshot.chat.map((line) => line.text)).toEqual(["said before the class ended"]);
});

import type { BreakoutSnapshot } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, expect, inject, it } from "vitest";
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

it("a node that dies while ending breakouts leaves the ending to another node, and every room is still harvested", async () => {
  const [doomed, survivor] = cluster.nodes as [ServerNodeHandle, ServerNodeHandle];
  const { roomId, instructor, learners } = cluster.fixture;
  const db = await mongoose.createConnection(inject("services").mongoUrl, { dbName: cluster.names.dbName }).asPromise();
  try {
    const teacher = await inClass(survivor.url, instructor, roomId, sockets);
    const writer = await inClass(survivor.url, learners[4]!, roomId, sockets);
    const liveClassId = await goLive(teacher, roomId);
    const session = await planAndStart(survivor.url, instructor, liveClassId, threeGroups(cluster.fixture), 600);
    const room = roomOf(session, learners[4]!.user.id);
    ok(await writer.emitWithAck("room:join", { roomId: room.roomId }));
    ok(await chatText(writer, room.roomId, "keep this"));
    const code = new CollabClient(survivor.url, room.codeDocId, learners[4]!.accessToken);
    docs.push(code);
    await code.synced();
    code.text.insert(code.text.length, "kept = True\n");
    const reader = new CollabClient(survivor.url, room.codeDocId, instructor.accessToken);
    docs.push(reader);
    await until(() => reader.text.toString().includes("kept = True"), 10_000, "the edit stored and relayed");

    // The instructor ends the breakouts on one node, which dies as soon as it has begun.
    const sessions = db.collection("breakoutSessions");
    const ending = api(doomed.url, "POST", `/api/breakouts/${session.id}/end`, { token: instructor.accessToken }).catch(
      () => null,
    );
    let endingSeen = false;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const found = await sessions.findOne({ _id: new mongoose.Types.ObjectId(session.id) });
      if (found?.status === "ending") {
        endingSeen = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(endingSeen).toBe(true);
    doomed.kill("SIGKILL");
    await doomed.exited;
    await ending;

    // The surviving node's sweep takes the abandoned ending over once its lease runs out.
    const ended = await nextEvent(
      teacher,
      "breakout:updated",
      90_000,
      (v) => v.id === session.id && v.status === "ended",
    );
    expect(ended.status).toBe("ended");
    const { body: snapshot } = await api<BreakoutSnapshot>(
      survivor.url,
      "GET",
      `/api/breakout-snapshots/${session.id}:${room.key}`,
      { token: instructor.accessToken },
    );
    expect(snapshot.code.text).toBe(reader.text.toString());
    expect(snapshot.chat.map((line) => line.text)).toEqual(["keep this"]);
    const listed = await api(survivor.url, "GET", `/api/live-classes/${liveClassId}/breakout-snapshots`, {
      token: instructor.accessToken,
    });
    expect(listed.body.snapshots).toHaveLength(3);
    expect(await chatText(writer, room.roomId, "too late")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  } finally {
    await db.close();
  }
});

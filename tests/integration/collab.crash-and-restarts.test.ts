import { DOC_TYPES } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const COMPACT_EVERY = 20;
const ENV = { ...ROOMY_LIMITS, COLLAB_COMPACT_EVERY: String(COMPACT_EVERY) };

let nodes: ServerNodeHandle[];
let names: ClusterNames;
let fixture: ClassFixture;
let docIds: string[];
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, ENV, names);
  fixture = await classWithLearners(nodes[0]!.url, 3);
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
  const extra = await fetch(`${nodes[0]!.url}/api/rooms/${fixture.roomId}/docs`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${fixture.learners[0]!.accessToken}` },
    body: JSON.stringify({ kind: "code", name: "restarts.js", language: "javascript" }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  docIds = [docs.find((d) => d.kind === "code")!.id, extra.id];
}, 120_000);
afterAll(() => stopAll(nodes));

const textOf = (c: CollabClient) => c.doc.getText(DOC_TYPES.codeText).toString();

it("SIGKILL of a node during edits: its clients move to the other node and every edit survives", {
  timeout: 180_000,
}, async () => {
  const [survivor, victim] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const docId = docIds[0]!;
  const clients = fixture.learners.map(
    (l, i) => new CollabClient(i === 0 ? survivor.url : victim.url, docId, l.accessToken),
  );
  await Promise.all(clients.map((c) => c.synced()));
  const typed: string[] = [];
  const type = async (rounds: number) => {
    for (let r = 0; r < rounds; r++) {
      for (const [i, c] of clients.entries()) {
        const line = `client ${i} line ${typed.length}\n`;
        typed.push(line);
        c.text.insert(c.text.length, line);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await type(40);
  victim.kill("SIGKILL");
  await type(20);
  await victim.exited;
  for (const c of clients.slice(1)) c.switchTo(survivor.url);
  await type(20);
  await until(
    () => clients.every((c) => c.provider.synced && textOf(c) === textOf(clients[0]!)),
    30_000,
    "convergence",
  );
  for (const line of typed) expect(textOf(clients[0]!)).toContain(line);
  for (const c of clients) c.destroy();

  await stopAll(nodes);
  nodes = await startCluster(2, ENV, names);
  const reader = new CollabClient(nodes[0]!.url, docId, fixture.learners[0]!.accessToken);
  await reader.synced();
  for (const line of typed) expect(textOf(reader)).toContain(line);
  expect(textOf(reader).length).toBe(typed.join("").length);
  reader.destroy();
});

const EDITS_PER_ROUND = 30;

it("five restarts with clients connected: no duplicated content, and the stored update log stays bounded", {
  timeout: 240_000,
}, async () => {
  const docId = docIds[1]!;
  const ports = nodes.map((n) => n.port);
  const clients = fixture.learners.map((l, i) => new CollabClient(nodes[i % 2]!.url, docId, l.accessToken));
  await Promise.all(clients.map((c) => c.synced()));
  const expected: string[] = [];
  const db = await mongoose.createConnection(inject("services").mongoUrl, { dbName: names.dbName }).asPromise();
  const storedUpdates = () => db.collection("yUpdates").countDocuments({ docId: new mongoose.Types.ObjectId(docId) });
  const counts: number[] = [];

  for (let restart = 0; restart < 5; restart++) {
    for (let k = 0; k < EDITS_PER_ROUND; k++) {
      const [i, c] = [k % clients.length, clients[k % clients.length]!];
      const line = `restart ${restart} client ${i} edit ${k}\n`;
      expected.push(line);
      c.text.insert(c.text.length, line);
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => clients.every((c) => textOf(c).length === expected.join("").length), 20_000, "edits spread");
    await stopAll(nodes);
    counts.push(await storedUpdates());
    nodes = await startCluster(2, ENV, names, ports);
    await until(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 30_000, "reconnect");
  }
  await until(() => clients.every((c) => textOf(c) === textOf(clients[0]!)), 20_000, "convergence");
  const lines = textOf(clients[0]!).split("\n").filter(Boolean);
  expect(lines.length).toBe(expected.length);
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.sort()).toEqual(expected.map((l) => l.trim()).sort());
  // Each node folds the log when it shuts down, but only one holds the fold lock at a time: what
  // the other stored (at most this round's edits) waits for the next fold. So the log stays under
  // a fold's worth per node plus one round, however many restarts there are.
  for (const count of counts) expect(count).toBeLessThanOrEqual(2 * COMPACT_EVERY + EDITS_PER_ROUND);
  await db.close();
  for (const c of clients) c.destroy();
});

import { COLLAB_CLOSE, DOC_TYPES } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const MAX_DOC_BYTES = 64 * 1024;
const CHUNK_CHARS = 6_000;

let nodes: ServerNodeHandle[];
let names: ClusterNames;
let fixture: ClassFixture;
let docId: string;
let db: mongoose.Connection;
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, { ...ROOMY_LIMITS, COLLAB_MAX_DOC_BYTES: String(MAX_DOC_BYTES) }, names);
  fixture = await classWithLearners(nodes[0]!.url, 2);
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
  docId = docs.find((d) => d.kind === "code")!.id;
  db = await mongoose.createConnection(inject("services").mongoUrl, { dbName: names.dbName }).asPromise();
}, 120_000);
afterAll(async () => {
  await db?.close();
  await stopAll(nodes);
});

const textOf = (c: CollabClient) => c.doc.getText(DOC_TYPES.codeText).toString();

/** Random letters behind a marker: Yjs would store a run of one character compactly. */
function chunk(n: number): string {
  return `<${n}>${Array.from({ length: CHUNK_CHARS }, () => Math.random().toString(36)[2]).join("")}\n`;
}

/** The document as the store holds it: snapshot and update log merged, as a node loads it. */
async function storedText(): Promise<{ text: string; bytes: number }> {
  const id = new mongoose.Types.ObjectId(docId);
  const record = await db.collection("yDocs").findOne({ _id: id });
  const updates = await db.collection("yUpdates").find({ docId: id }).sort({ _id: 1 }).toArray();
  const parts = [record?.snapshot, ...updates.map((u) => u.update)]
    .filter((b): b is mongoose.mongo.Binary => !!b && b.length() > 0)
    .map((b) => new Uint8Array(b.buffer));
  const doc = new Y.Doc();
  if (parts.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(parts));
  return { text: doc.getText(DOC_TYPES.codeText).toString(), bytes: Y.encodeStateAsUpdate(doc).length };
}

it("a change past the document's size limit is refused whole, stays out of the store, and a reconnect cannot bring it in", {
  timeout: 120_000,
}, async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const writer = new CollabClient(a.url, docId, fixture.learners[0]!.accessToken);
  const observer = new CollabClient(a.url, docId, fixture.instructor.accessToken);
  await Promise.all([writer.synced(), observer.synced()]);

  // Typed a chunk at a time until the node refuses one: the writer's replica keeps it, the server must not.
  let typed = 0;
  while (!writer.closeCodes.includes(COLLAB_CLOSE.too_large)) {
    if (typed > 2 * (MAX_DOC_BYTES / CHUNK_CHARS)) throw new Error("the document never filled up");
    writer.text.insert(writer.text.length, chunk(typed++));
    await new Promise((r) => setTimeout(r, 50));
  }
  const accepted = textOf(observer);
  expect(accepted.length).toBeGreaterThan(0);
  expect(textOf(writer).startsWith(accepted)).toBe(true);
  expect(textOf(writer).length).toBeGreaterThan(accepted.length);

  // What the node stored is exactly what it applied: whole chunks, none of the refused one.
  const deadline = Date.now() + 20_000;
  let stored = await storedText();
  while (stored.text !== accepted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    stored = await storedText();
  }
  expect(stored.text).toBe(accepted);
  expect(stored.bytes).toBeLessThanOrEqual(MAX_DOC_BYTES);
  const wholeChunk = new RegExp(`^<\\d+>[a-z0-9]{${CHUNK_CHARS}}$`);
  expect(
    stored.text
      .split("\n")
      .filter(Boolean)
      .every((line) => wholeChunk.test(line)),
  ).toBe(true);

  // Another node loads the document from the store and serves the same text.
  const reader = new CollabClient(b.url, docId, fixture.learners[1]!.accessToken);
  await reader.synced();
  expect(textOf(reader)).toBe(accepted);

  // The writer's replica offers the refused change again on reconnect: refused again, and nothing moves.
  const refusals = writer.closeCodes.filter((c) => c === COLLAB_CLOSE.too_large).length;
  writer.reconnect();
  await until(
    () => writer.closeCodes.filter((c) => c === COLLAB_CLOSE.too_large).length > refusals,
    20_000,
    "the second refusal",
  );
  expect(textOf(observer)).toBe(accepted);
  expect(textOf(reader)).toBe(accepted);
  expect((await storedText()).text).toBe(accepted);

  for (const c of [writer, observer, reader]) c.destroy();
});

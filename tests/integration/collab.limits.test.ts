import { COLLAB_CLOSE, type DocView } from "@chalkline/shared";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { MAX_AWARENESS_STATE_BYTES } from "../../server/src/features/collab/collab.protocol";
import { api } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, rawCollabConnection, roomDocs, until } from "../helpers/collab-client";
import { awarenessFrame } from "../helpers/collab-frames";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const MAX_FRAME_BYTES = 16 * 1024;
const MAX_DOC_BYTES = 64 * 1024;

let node: ServerNodeHandle;
let fixture: ClassFixture;
let docs: DocView[];
beforeAll(async () => {
  [node] = (await startCluster(1, {
    ...ROOMY_LIMITS,
    COLLAB_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
    COLLAB_MAX_DOC_BYTES: String(MAX_DOC_BYTES),
  })) as [ServerNodeHandle];
  fixture = await classWithLearners(node.url, 2);
  docs = await roomDocs(node.url, fixture.roomId, fixture.learners[0]!.accessToken);
}, 120_000);
afterAll(() => stopAll([node]));

const docOf = (kind: "code" | "board") => docs.find((d) => d.kind === kind)!;

const rawConnection = (docId: string, token: string) => rawCollabConnection(node.url, docId, token);

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function textUpdate(chars: number): Uint8Array {
  const doc = new Y.Doc();
  // Random text: Yjs would store a run of one character compactly.
  doc.getText("scratch").insert(0, Array.from({ length: chars }, () => Math.random().toString(36)[2]).join(""));
  return Y.encodeStateAsUpdate(doc);
}

it("a frame over the size limit closes its connection as too large, and nothing of it is stored", async () => {
  const { ws, closed } = await rawConnection(docOf("code").id, fixture.learners[0]!.accessToken);
  ws.send(updateFrame(textUpdate(MAX_FRAME_BYTES + 100)));
  expect(await closed).toBe(COLLAB_CLOSE.too_large);
  const reader = new CollabClient(node.url, docOf("code").id, fixture.learners[1]!.accessToken);
  await reader.synced();
  expect(reader.doc.getText("scratch").length).toBe(0);
  reader.destroy();
});

it("a cursor state over the awareness limit closes its connection as too large, and nobody sees it", async () => {
  const observer = new CollabClient(node.url, docOf("board").id, fixture.learners[1]!.accessToken);
  await observer.synced();
  const { ws, closed } = await rawConnection(docOf("board").id, fixture.learners[0]!.accessToken);
  ws.send(awarenessFrame(777777, JSON.stringify({ note: "x".repeat(MAX_AWARENESS_STATE_BYTES) })));
  expect(await closed).toBe(COLLAB_CLOSE.too_large);
  expect(observer.provider.awareness.getStates().has(777777)).toBe(false);
  observer.destroy();
});

it("a change that would take the document past its size limit is refused, and the document stays within it", async () => {
  const board = docOf("board").id;
  const { ws, closed } = await rawConnection(board, fixture.learners[0]!.accessToken);
  // Each frame fits; together they would not.
  const chunk = Math.floor(MAX_FRAME_BYTES * 0.8);
  let sent = 0;
  const code = await new Promise<number>((resolve) => {
    void closed.then(resolve);
    const next = () => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(updateFrame(textUpdate(chunk)));
      sent += 1;
      setTimeout(next, 20);
    };
    next();
  });
  expect(code).toBe(COLLAB_CLOSE.too_large);
  // Several fitted; the one that would have passed the limit was refused.
  expect(sent).toBeGreaterThan(1);
  const reader = new CollabClient(node.url, board, fixture.learners[1]!.accessToken);
  await reader.synced();
  expect(Y.encodeStateAsUpdate(reader.doc).length).toBeLessThanOrEqual(MAX_DOC_BYTES);
  reader.destroy();
});

it("a connection that floods is closed as rate limited", async () => {
  const { ws, closed } = await rawConnection(docOf("code").id, fixture.learners[0]!.accessToken);
  const step1 = Uint8Array.of(0, 0, 1, 0);
  for (let i = 0; i < 5_000 && ws.readyState === ws.OPEN; i++) ws.send(step1);
  expect(await closed).toBe(COLLAB_CLOSE.rate_limited);
});

it("nobody can set or remove another connection's cursor, read-only or not", async () => {
  const code = docOf("code").id;
  const owner = new CollabClient(node.url, code, fixture.learners[0]!.accessToken);
  const observer = new CollabClient(node.url, code, fixture.instructor.accessToken);
  await Promise.all([owner.synced(), observer.synced()]);
  owner.provider.awareness.setLocalStateField("cursor", { owner: true });
  const ownerId = owner.doc.clientID;
  const ownerName = fixture.learners[0]!.user.displayName;
  const stateSeen = () =>
    observer.provider.awareness.getStates().get(ownerId) as { user?: { name?: string }; cursor?: unknown } | undefined;
  await until(() => stateSeen()?.cursor !== undefined, 10_000, "the owner's cursor");
  expect(stateSeen()?.user?.name).toBe(ownerName);

  const spoofer = await rawConnection(code, fixture.learners[1]!.accessToken);
  spoofer.ws.send(awarenessFrame(ownerId, JSON.stringify({ user: { name: "The Teacher" } }), 99));
  spoofer.ws.send(awarenessFrame(ownerId, "null", 100));
  // Its own cursor still goes through, so the spoofed ones had their chance to arrive first.
  spoofer.ws.send(awarenessFrame(424242, JSON.stringify({ user: { name: "Spoofer" } })));
  await until(() => observer.provider.awareness.getStates().has(424242), 10_000, "the spoofer's own cursor");
  expect(stateSeen()).toMatchObject({ cursor: { owner: true } });
  spoofer.ws.close();

  const locked = await api(node.url, "PUT", `/api/docs/${code}/lock`, {
    token: fixture.instructor.accessToken,
    body: { readOnly: true },
  });
  expect(locked.status).toBe(200);
  const reader = await rawConnection(code, fixture.learners[1]!.accessToken);
  reader.ws.send(awarenessFrame(ownerId, JSON.stringify({ user: { name: "The Teacher" } }), 200));
  reader.ws.send(awarenessFrame(515151, JSON.stringify({ user: { name: "Reader" } })));
  await until(() => observer.provider.awareness.getStates().has(515151), 10_000, "the reader's own cursor");
  expect(stateSeen()).toMatchObject({ cursor: { owner: true } });
  reader.ws.close();
  owner.destroy();
  observer.destroy();
});

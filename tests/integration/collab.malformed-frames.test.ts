import { COLLAB_CLOSE, type DocView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { CollabFrameError } from "../../server/src/features/collab/collab.protocol";
import { type CollabConn, SharedDoc } from "../../server/src/features/collab/shared-doc";
import { TokenBucket } from "../../server/src/platform/rate-limit";
import { api } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, rawCollabConnection, roomDocs, until } from "../helpers/collab-client";
import { awarenessFrame, fuzzFrame } from "../helpers/collab-frames";
import { seededRandom } from "../helpers/random";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const WIRE_FUZZ_FRAMES = 10_000;
const DOC_FUZZ_FRAMES = 10_000;

let node: ServerNodeHandle;
let fixture: ClassFixture;
let code: DocView;
beforeAll(async () => {
  [node] = (await startCluster(1, ROOMY_LIMITS)) as [ServerNodeHandle];
  fixture = await classWithLearners(node.url, 2);
  code = (await roomDocs(node.url, fixture.roomId, fixture.learners[0]!.accessToken)).find((d) => d.kind === "code")!;
}, 120_000);
afterAll(() => stopAll([node]));

const rawConnection = (token: string) => rawCollabConnection(node.url, code.id, token);

const MALFORMED: Array<[string, Uint8Array]> = [
  ["an empty sync frame", Uint8Array.of(0x01, 0x00)],
  ["a sync step 1 without its state vector", Uint8Array.of(0x00, 0x00)],
  ["a sync update cut short", Uint8Array.of(0x00, 0x02, 0x09, 0x01, 0x02)],
  ["an update whose structs are garbage", Uint8Array.of(0x00, 0x02, 0x04, 0xff, 0xff, 0xff, 0xff)],
  ["an unknown message type", Uint8Array.of(0x07, 0x00)],
  ["awareness with invalid JSON", awarenessFrame(12345, "{not json")],
  ["a frame with trailing bytes", Uint8Array.of(0x00, 0x00, 0x00, 0x99)],
  ["nothing at all", new Uint8Array(0)],
];

it("each malformed frame closes only its own connection; the node and the other editors carry on", async () => {
  const honest = new CollabClient(node.url, code.id, fixture.learners[0]!.accessToken);
  await honest.synced();
  honest.text.insert(0, "before ");
  for (const [what, frame] of MALFORMED) {
    const { ws, closed } = await rawConnection(fixture.learners[1]!.accessToken);
    ws.send(frame);
    expect(await closed, what).toBe(COLLAB_CLOSE.invalid_frame);
  }
  honest.text.insert(honest.text.length, "after");
  expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
  const fresh = new CollabClient(node.url, code.id, fixture.learners[1]!.accessToken);
  await fresh.synced();
  await until(() => fresh.text.toString().includes("before after"), 10_000, "the honest edits");
  honest.destroy();
  fresh.destroy();
});

it("a read-only connection's malformed awareness closes it, and it cannot move another's cursor", async () => {
  const locked = await api(node.url, "PUT", `/api/docs/${code.id}/lock`, {
    token: fixture.instructor.accessToken,
    body: { readOnly: true },
  });
  expect(locked.status).toBe(200);
  try {
    const { ws, closed } = await rawConnection(fixture.learners[1]!.accessToken);
    ws.send(awarenessFrame(1, '{"user":'));
    expect(await closed).toBe(COLLAB_CLOSE.invalid_frame);
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
  } finally {
    await api(node.url, "PUT", `/api/docs/${code.id}/lock`, {
      token: fixture.instructor.accessToken,
      body: { readOnly: false },
    });
  }
});

it(`${WIRE_FUZZ_FRAMES} random and truncated frames over the wire leave the node serving the stored document`, {
  timeout: 240_000,
}, async () => {
  const writer = new CollabClient(node.url, code.id, fixture.learners[0]!.accessToken);
  await writer.synced();
  writer.text.insert(writer.text.length, " [fuzzed]");
  const expected = writer.text.toString();
  const random = seededRandom(20_261_205);
  const token = fixture.learners[1]!.accessToken;
  const lanes = 8;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let i = 0; i < WIRE_FUZZ_FRAMES / lanes; i++) {
        const { ws, closed } = await rawConnection(token);
        ws.send(fuzzFrame(random));
        // A frame the server accepts leaves the connection open: close it ourselves.
        const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(0), 50))]);
        if (code === 0) ws.close();
        else expect([COLLAB_CLOSE.invalid_frame, COLLAB_CLOSE.too_large]).toContain(code);
      }
    }),
  );
  expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
  const reader = new CollabClient(node.url, code.id, fixture.learners[1]!.accessToken);
  await reader.synced();
  await until(() => reader.text.toString() === expected, 10_000, "the stored content");
  writer.destroy();
  reader.destroy();
});

it(`${DOC_FUZZ_FRAMES} fuzzed frames into a served document are refused one by one and change nothing`, async () => {
  const honest = new Y.Doc();
  honest.getText("content").insert(0, "honest text");
  const shared = await SharedDoc.load("fuzz", {
    store: {
      load: async () => ({ state: Y.encodeStateAsUpdate(honest), updateCount: 0 }),
      append: async () => undefined,
      compact: async () => 0,
    } as never,
    logger: { warn: () => undefined, error: () => undefined } as never,
    nodeId: "fuzz",
    publish: () => undefined,
    compactEvery: 1_000_000,
    maxDocBytes: 1024 * 1024,
  });
  const conn: CollabConn = {
    ws: { readyState: 1, OPEN: 1, send: () => undefined, close: () => undefined, terminate: () => undefined } as never,
    userId: "fuzzer",
    user: { id: "fuzzer", name: "Fuzzer", role: "learner", color: "#000000", colorLight: "#00000033" },
    readOnly: false,
    canModerate: false,
    clientIds: new Set(),
    bucket: new TokenBucket(1e9, 1e9),
  };
  const random = seededRandom(7);
  let refused = 0;
  for (let i = 0; i < DOC_FUZZ_FRAMES; i++) {
    try {
      shared!.receive(conn, fuzzFrame(random));
    } catch (error) {
      expect(error).toBeInstanceOf(CollabFrameError);
      refused += 1;
    }
  }
  expect(refused).toBeGreaterThan(DOC_FUZZ_FRAMES / 2);
  expect(shared!.doc.getText("content").toString()).toBe("honest text");
  await shared!.close(1000, "done");
});

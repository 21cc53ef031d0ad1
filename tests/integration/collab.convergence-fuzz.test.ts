import { DOC_TYPES } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import type * as Y from "yjs";
import { type ClusterNames, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { pick, seededRandom } from "../helpers/random";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const CLIENTS = 5;
const OPS_PER_CLIENT = Number(process.env.FUZZ_OPS ?? 2_000);
const OPS_PER_ROUND = 25;
/** Machines editing at 1,600 changes a second each: far past the per-connection limit people need. */
const UNLIMITED = { COLLAB_MESSAGES_PER_SECOND: "1000000", COLLAB_MESSAGE_BURST: "1000000" };
const SEEDS = [11, 23, 37, 41, 53];

let nodes: ServerNodeHandle[];
let names: ClusterNames;
let fixture: ClassFixture;
let docId: string;
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, { ...ROOMY_LIMITS, ...UNLIMITED, COLLAB_COMPACT_EVERY: "100" }, names);
  fixture = await classWithLearners(nodes[0]!.url, CLIENTS);
  docId = (await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken)).find(
    (d) => d.kind === "code",
  )!.id;
}, 120_000);
afterAll(() => stopAll(nodes));

/** One random edit: insert or delete text, or set or delete a shape. */
function randomEdit(random: () => number, doc: Y.Doc, who: number): void {
  const text = doc.getText(DOC_TYPES.codeText);
  const shapes = doc.getMap(DOC_TYPES.boardShapes);
  const roll = random();
  if (roll < 0.55 || text.length < 20) {
    text.insert(
      Math.floor(random() * (text.length + 1)),
      pick(random, ["a", "bc", "def ", "\n", `c${who}`, "λ", "🙂"]),
    );
  } else if (roll < 0.85) {
    const at = Math.floor(random() * text.length);
    text.delete(at, Math.min(text.length - at, 1 + Math.floor(random() * 4)));
  } else if (roll < 0.95) {
    shapes.set(`s${Math.floor(random() * 60)}`, {
      x: Math.floor(random() * 500),
      y: Math.floor(random() * 500),
      by: who,
    });
  } else {
    shapes.delete(`s${Math.floor(random() * 60)}`);
  }
}

it("5 clients on two nodes apply 10,000 seeded random edits with random disconnects and end identical, also to the stored document", {
  timeout: 300_000,
}, async () => {
  const urls = nodes.map((n) => n.url);
  const clients = fixture.learners.map((l, i) => new CollabClient(urls[i % 2]!, docId, l.accessToken));
  await Promise.all(clients.map((c) => c.synced()));
  const randoms = SEEDS.map(seededRandom);

  let disconnects = 0;
  for (let done = 0; done < OPS_PER_CLIENT; done += OPS_PER_ROUND) {
    for (const [i, client] of clients.entries()) {
      const random = randoms[i]!;
      for (let k = 0; k < OPS_PER_ROUND; k++) randomEdit(random, client.doc, i);
      if (random() < 0.08) {
        disconnects += 1;
        client.provider.disconnect();
        setTimeout(() => client.reconnect(), 20 + Math.floor(random() * 300));
      }
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  expect(disconnects).toBeGreaterThan(OPS_PER_CLIENT / 200);

  await until(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 60_000, "reconnects");
  // Map entries in key order: replicas agree on content, not on the order keys arrived in.
  const state = (c: CollabClient) =>
    JSON.stringify([c.text.toString(), Object.entries(c.doc.getMap(DOC_TYPES.boardShapes).toJSON()).sort()]);
  await until(() => clients.every((c) => state(c) === state(clients[0]!)), 90_000, "convergence");
  const converged = state(clients[0]!);
  expect(clients[0]!.text.length).toBeGreaterThan(100);
  for (const c of clients) c.destroy();

  // Restart the whole cluster: the document comes back from the store exactly as the replicas hold it.
  await stopAll(nodes);
  nodes = await startCluster(2, { ...ROOMY_LIMITS, ...UNLIMITED }, names);
  const reader = new CollabClient(nodes[1]!.url, docId, fixture.learners[0]!.accessToken);
  await reader.synced();
  expect(state(reader)).toBe(converged);
  reader.destroy();
});

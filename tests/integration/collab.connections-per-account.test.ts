import { COLLAB_CLOSE, type DocView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { startCluster, stopAll } from "../helpers/cluster";
import { collabTicket, collabUrl, roomDocs } from "../helpers/collab-client";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const PER_ACCOUNT = 3;
const TTL_SECONDS = 3;

let nodes: ServerNodeHandle[];
let fixture: ClassFixture;
let docs: DocView[];
beforeAll(async () => {
  nodes = await startCluster(2, {
    ...ROOMY_LIMITS,
    COLLAB_CONNECTIONS_PER_ACCOUNT: String(PER_ACCOUNT),
    COLLAB_CONNECTION_TTL_SECONDS: String(TTL_SECONDS),
  });
  fixture = await classWithLearners(nodes[0]!.url, 2);
  docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
}, 120_000);
afterAll(() => stopAll(nodes));

interface Opened {
  ws: WebSocket;
  /** "open" once the server has spoken, or the code it closed the connection with first. */
  outcome: "open" | number;
}

/** One document's WebSocket, as far as the server lets it get. */
async function open(node: ServerNodeHandle, token: string, doc = docs[0]!): Promise<Opened> {
  const ticket = await collabTicket(node.url, doc.id, token);
  if (ticket.status !== 201) throw new Error(`ticket: ${ticket.status}`);
  const ws = new WebSocket(collabUrl(node.url, doc.id, `ticket=${ticket.body.ticket}`));
  const outcome = await new Promise<"open" | number>((resolve, reject) => {
    ws.once("message", () => resolve("open"));
    ws.once("close", (code) => resolve(code));
    ws.once("error", reject);
  });
  return { ws, outcome };
}

async function closeAll(opened: Opened[]): Promise<void> {
  await Promise.all(
    opened.map(({ ws }) =>
      ws.readyState === ws.CLOSED ? undefined : new Promise((resolve) => ws.once("close", resolve).close()),
    ),
  );
}

/** Opens until the server lets one through; how long that took. */
async function openEventually(node: ServerNodeHandle, token: string, timeoutMs: number): Promise<[Opened, number]> {
  const started = Date.now();
  for (;;) {
    const attempt = await open(node, token);
    if (attempt.outcome === "open") return [attempt, Date.now() - started];
    expect(attempt.outcome).toBe(COLLAB_CLOSE.too_many_open);
    if (Date.now() - started > timeoutMs) throw new Error("never admitted");
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("an account holds at most its number of open documents over every node; others are unaffected", async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const learner = fixture.learners[0]!.accessToken;
  const held = [await open(a, learner, docs[0]), await open(a, learner, docs[1]), await open(b, learner, docs[0])];
  expect(held.map((h) => h.outcome)).toEqual(["open", "open", "open"]);

  const refusedOnA = await open(a, learner, docs[1]);
  const refusedOnB = await open(b, learner);
  expect([refusedOnA.outcome, refusedOnB.outcome]).toEqual([COLLAB_CLOSE.too_many_open, COLLAB_CLOSE.too_many_open]);

  // Someone else's documents are their own count.
  const other = await open(b, fixture.learners[1]!.accessToken);
  expect(other.outcome).toBe("open");

  // Closing one frees its seat, whichever node the next one lands on.
  await closeAll(held.slice(0, 1));
  const [again] = await openEventually(b, learner, 10_000);
  await closeAll([...held, again, other]);
});

it("the connections of a node that died stop counting once they expire", { timeout: 60_000 }, async () => {
  const [a, b] = nodes as [ServerNodeHandle, ServerNodeHandle];
  const learner = fixture.instructor.accessToken;
  const onB = [await open(b, learner), await open(b, learner), await open(b, learner)];
  expect(onB.map((h) => h.outcome)).toEqual(["open", "open", "open"]);
  expect((await open(a, learner)).outcome).toBe(COLLAB_CLOSE.too_many_open);

  b.kill("SIGKILL");
  await b.exited;
  const [admitted, waitedMs] = await openEventually(a, learner, 30_000);
  console.info(`admitted ${waitedMs} ms after the node died (seats expire after ${TTL_SECONDS} s unrenewed)`);
  await closeAll([admitted]);
});

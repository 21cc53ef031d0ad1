import { COLLAB_CLOSE, type DocView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { api } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import { collabTicket, collabUrl, roomDocs } from "../helpers/collab-client";
import { type ClassFixture, classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

const TICKET_TTL_SECONDS = 2;

let nodes: ServerNodeHandle[];
let fixture: ClassFixture;
let code: DocView;
let board: DocView;
beforeAll(async () => {
  nodes = await startCluster(2, { ...ROOMY_LIMITS, COLLAB_TICKET_TTL_SECONDS: String(TICKET_TTL_SECONDS) });
  fixture = await classWithLearners(nodes[0]!.url, 2);
  const docs = await roomDocs(nodes[0]!.url, fixture.roomId, fixture.learners[0]!.accessToken);
  code = docs.find((d) => d.kind === "code")!;
  board = docs.find((d) => d.kind === "board")!;
}, 120_000);
afterAll(() => stopAll(nodes));

/**
 * Opens the endpoint at `url`: "served" once the server speaks the sync protocol (it sends its
 * sync step 1 to an accepted connection), or the close code it refused the connection with.
 */
function attempt(url: string): Promise<"served" | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error("neither served nor closed")), 10_000);
    ws.once("message", () => {
      clearTimeout(timer);
      ws.close();
      resolve("served");
    });
    ws.once("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function ticketFor(docId: string, token: string, node = 0): Promise<string> {
  const res = await collabTicket(nodes[node]!.url, docId, token);
  expect(res.status).toBe(201);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.body.ticket;
}

const open = (docId: string, query: string, node = 0) => attempt(collabUrl(nodes[node]!.url, docId, query));

it("a ticket opens its document once, on any node", async () => {
  const token = fixture.learners[0]!.accessToken;
  const ticket = await ticketFor(code.id, token, 0);
  // Fetched from one node, spent on the other: the ticket lives in Redis, not in a node.
  expect(await open(code.id, `ticket=${ticket}`, 1)).toBe("served");
  expect(await open(code.id, `ticket=${ticket}`, 1)).toBe(COLLAB_CLOSE.unauthorized);
  expect(await open(code.id, `ticket=${ticket}`, 0)).toBe(COLLAB_CLOSE.unauthorized);
});

it("a ticket works only for the document it was fetched for", async () => {
  const ticket = await ticketFor(code.id, fixture.learners[0]!.accessToken);
  expect(await open(board.id, `ticket=${ticket}`)).toBe(COLLAB_CLOSE.unauthorized);
  // Spent by the wrong attempt, too: a leaked ticket is worth one guess.
  expect(await open(code.id, `ticket=${ticket}`)).toBe(COLLAB_CLOSE.unauthorized);
});

it("a ticket expires within seconds", async () => {
  const ticket = await ticketFor(code.id, fixture.learners[0]!.accessToken);
  await new Promise((r) => setTimeout(r, TICKET_TTL_SECONDS * 1000 + 500));
  expect(await open(code.id, `ticket=${ticket}`)).toBe(COLLAB_CLOSE.unauthorized);
});

it("a ticket is bound to its session: once the session ends, it opens nothing", async () => {
  const learner = fixture.learners[1]!;
  const ticket = await ticketFor(code.id, learner.accessToken);
  expect((await api(nodes[0]!.url, "POST", "/api/auth/logout", { refreshCookie: learner.refreshCookie })).status).toBe(
    204,
  );
  expect(await open(code.id, `ticket=${ticket}`, 1)).toBe(COLLAB_CLOSE.unauthorized);
});

it("an access token in the URL is refused, and so are a missing and a made-up ticket", async () => {
  const token = fixture.learners[0]!.accessToken;
  expect(await open(code.id, `token=${token}`)).toBe(COLLAB_CLOSE.unauthorized);
  expect(await open(code.id, `ticket=${token}`)).toBe(COLLAB_CLOSE.unauthorized);
  expect(await open(code.id, "")).toBe(COLLAB_CLOSE.unauthorized);
  expect(await open(code.id, `ticket=${"A".repeat(43)}`)).toBe(COLLAB_CLOSE.unauthorized);
});

it("a ticket needs a valid access token and an existing document", async () => {
  const forged = await api(nodes[0]!.url, "POST", `/api/docs/${code.id}/ticket`, { token: "not-a-token" });
  expect(forged.status).toBe(401);
  const missing = await collabTicket(nodes[0]!.url, "0123456789abcdef01234567", fixture.instructor.accessToken);
  expect(missing.status).toBe(404);
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const ACCOUNT_BURST = 20;
const ADDRESS_BURST = 50;
/** Refills so slowly that a bucket gains nothing measurable while the test runs. */
const TRICKLE = "0.001";

let nodes: ServerNodeHandle[];
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  nodes = await startCluster(2, {
    // The socket's own bucket never gets in the way here: only the shared ones are measured.
    SOCKET_EVENTS_PER_SECOND: "100000",
    SOCKET_EVENT_BURST: "100000",
    SOCKET_ACCOUNT_EVENTS_PER_SECOND: TRICKLE,
    SOCKET_ACCOUNT_EVENT_BURST: String(ACCOUNT_BURST),
    SOCKET_IP_EVENTS_PER_SECOND: TRICKLE,
    SOCKET_IP_EVENT_BURST: String(ADDRESS_BURST),
    // One proxy in front, so each test client can stand for its own address.
    TRUST_PROXY: "1",
  });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stopAll(nodes ?? []);
});

async function socketOn(node: ServerNodeHandle, account: TestAccount, address: string): Promise<ClientSocket> {
  const { socket } = await connectSocket(node.url, account.accessToken, { headers: { "x-forwarded-for": address } });
  sockets.push(socket);
  return socket;
}

/** Sends `count` cheap commands at once; how many were run and how many refused as rate_limited. */
async function flood(socket: ClientSocket, count: number): Promise<{ ran: number; limited: number }> {
  const acks = await Promise.all(
    Array.from({ length: count }, () => socket.emitWithAck("leaderboard:unwatch", { scope: "global", period: "week" })),
  );
  const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
  return { ran: acks.filter((a) => a.ok).length, limited };
}

it("an account gets no more commands from sockets on two nodes than its one shared bucket holds", async () => {
  const account = await registerUser(nodes[0]!.url);
  const [a, b] = [await socketOn(nodes[0]!, account, "203.0.113.1"), await socketOn(nodes[1]!, account, "203.0.113.1")];
  const [onA, onB] = await Promise.all([flood(a, 60), flood(b, 60)]);
  const ran = onA.ran + onB.ran;
  console.log(`account: ${onA.ran} + ${onB.ran} = ${ran} commands ran of 120 sent; the bucket holds ${ACCOUNT_BURST}`);
  expect(ran).toBeLessThanOrEqual(ACCOUNT_BURST);
  expect(ran).toBeGreaterThan(0);
  expect(onA.ran + onA.limited + onB.ran + onB.limited).toBe(120);
  // A refused command says when to try again.
  const refused = await a.emitWithAck("leaderboard:unwatch", { scope: "global", period: "week" });
  expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfterSeconds: expect.any(Number) } });
});

it("one address gets no more commands from several accounts on two nodes than its shared bucket holds", async () => {
  const address = "203.0.113.2";
  const accounts = [
    await registerUser(nodes[0]!.url),
    await registerUser(nodes[0]!.url),
    await registerUser(nodes[0]!.url),
  ];
  // Three accounts could run 3 × 20 = 60; the address allows 50.
  const floods = await Promise.all(
    accounts.flatMap((account, i) => [
      socketOn(nodes[i % 2]!, account, address).then((s) => flood(s, 30)),
      socketOn(nodes[(i + 1) % 2]!, account, address).then((s) => flood(s, 30)),
    ]),
  );
  const ran = floods.reduce((sum, f) => sum + f.ran, 0);
  console.log(
    `address: ${ran} commands ran of ${floods.length * 30} sent by 3 accounts; the bucket holds ${ADDRESS_BURST}`,
  );
  expect(ran).toBeLessThanOrEqual(ADDRESS_BURST);
  expect(ran).toBeGreaterThan(ACCOUNT_BURST);

  // Another address is not held back by this one.
  const elsewhere = await socketOn(nodes[1]!, await registerUser(nodes[0]!.url), "198.51.100.9");
  expect((await flood(elsewhere, 5)).ran).toBe(5);
});

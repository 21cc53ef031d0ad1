import { afterAll, beforeAll, expect, it } from "vitest";
import { type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const PER_IP = 4;
let nodes: ServerNodeHandle[];
let accounts: TestAccount[];
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // One proxy in front, so each test client can stand for its own address.
  nodes = await startCluster(2, { SOCKETS_PER_IP: String(PER_IP), TRUST_PROXY: "1" });
  accounts = [await registerUser(nodes[0]!.url), await registerUser(nodes[0]!.url)];
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stopAll(nodes ?? []);
});

async function connectFrom(address: string, i: number): Promise<ClientSocket> {
  const { socket } = await connectSocket(nodes[i % 2]!.url, accounts[i % 2]!.accessToken, {
    headers: { "x-forwarded-for": address },
  });
  sockets.push(socket);
  return socket;
}

it("refuses one socket more than an address may hold over both nodes, and takes one again once one closes", async () => {
  const open: ClientSocket[] = [];
  for (let i = 0; i < PER_IP; i++) open.push(await connectFrom("203.0.113.8", i));
  await expect(connectFrom("203.0.113.8", PER_IP)).rejects.toMatchObject({
    message: "limit_reached",
    data: { code: "limit_reached" },
  });
  // Refused, not pushed out: the address's sockets stay.
  expect(open.every((s) => s.connected)).toBe(true);
  await expect(connectFrom("198.51.100.30", 0)).resolves.toBeDefined();

  open[0]!.close();
  const deadline = Date.now() + 5_000;
  for (;;) {
    const again = await connectFrom("203.0.113.8", 1).catch((error: Error) => error);
    if (!(again instanceof Error)) break;
    if (Date.now() > deadline) throw again;
    await new Promise((r) => setTimeout(r, 100));
  }
});

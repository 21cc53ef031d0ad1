import { afterAll, beforeAll, expect, it } from "vitest";
import { type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const PER_IP = 3;
const TTL_SECONDS = 2;
const ADDRESS = "203.0.113.40";
let nodes: ServerNodeHandle[];
let account: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  nodes = await startCluster(2, {
    SOCKETS_PER_IP: String(PER_IP),
    SOCKET_COUNT_TTL_SECONDS: String(TTL_SECONDS),
    // One proxy in front, so the test's clients can stand for one address of their own.
    TRUST_PROXY: "1",
  });
  account = await registerUser(nodes[0]!.url);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stopAll(nodes ?? []);
});

async function connectTo(node: ServerNodeHandle): Promise<ClientSocket> {
  const { socket } = await connectSocket(node.url, account.accessToken, { headers: { "x-forwarded-for": ADDRESS } });
  sockets.push(socket);
  return socket;
}

it("the sockets of a node killed outright stop counting once the node stops renewing them", async () => {
  const [doomed, survivor] = nodes as [ServerNodeHandle, ServerNodeHandle];
  for (let i = 0; i < PER_IP; i++) await connectTo(doomed);
  await expect(connectTo(survivor)).rejects.toMatchObject({ message: "limit_reached" });

  // SIGKILL: no disconnect handler runs, nothing is given back; only the expiry can free the address.
  doomed.kill("SIGKILL");
  await doomed.exited;
  const started = Date.now();
  const deadline = started + TTL_SECONDS * 1000 + 10_000;
  for (;;) {
    const attempt = await connectTo(survivor).catch((error: Error) => error);
    if (!(attempt instanceof Error)) break;
    expect(attempt.message).toBe("limit_reached");
    if (Date.now() > deadline) throw new Error("the dead node's sockets still count");
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`the address was free again ${Date.now() - started} ms after the kill (count TTL ${TTL_SECONDS} s)`);
  // The whole allowance is back for the address's live sockets, and no more.
  for (let i = 1; i < PER_IP; i++) await connectTo(survivor);
  await expect(connectTo(survivor)).rejects.toMatchObject({ message: "limit_reached" });
});

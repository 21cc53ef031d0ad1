import { afterAll, beforeAll, expect, it } from "vitest";
import { type ClientSocket, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

const PER_MINUTE = 5;
let nodes: ServerNodeHandle[];
let account: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // One proxy in front, so each test client can stand for its own address.
  nodes = await startCluster(2, { SOCKET_CONNECTS_PER_IP_PER_MINUTE: String(PER_MINUTE), TRUST_PROXY: "1" });
  account = await registerUser(nodes[0]!.url);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await stopAll(nodes ?? []);
});

/** Connects from `address` to node `i % 2`; the socket, or the handshake's refusal. */
async function connectFrom(address: string, i: number): Promise<ClientSocket | (Error & { data?: unknown })> {
  try {
    const { socket } = await connectSocket(nodes[i % 2]!.url, account.accessToken, {
      headers: { "x-forwarded-for": address },
    });
    sockets.push(socket);
    // Closed at once: only new connections count here, not open ones.
    socket.close();
    return socket;
  } catch (error) {
    return error as Error;
  }
}

it("refuses new sockets from one address past its rate over both nodes, at the handshake, saying why", async () => {
  const results = [];
  for (let i = 0; i < PER_MINUTE + 3; i++) results.push(await connectFrom("203.0.113.5", i));
  const refused = results.filter((r) => r instanceof Error);
  expect(results.length - refused.length).toBe(PER_MINUTE);
  expect(results.slice(0, PER_MINUTE).every((r) => !(r instanceof Error))).toBe(true);
  for (const error of refused) {
    expect(error.message).toBe("rate_limited");
    expect(error.data).toMatchObject({ code: "rate_limited", retryAfterSeconds: expect.any(Number) });
  }

  // Another address still connects.
  expect(await connectFrom("198.51.100.20", 1)).not.toBeInstanceOf(Error);
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { startCluster, stopAll } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
let account: TestAccount;
beforeAll(async () => {
  [node] = (await startCluster(1, { ALLOWED_ORIGINS: "https://classroom.example" })) as [ServerNodeHandle];
  account = await registerUser(node.url);
});
afterAll(() => stopAll([node]));

it("refuses the upgrade from an origin not on the allowlist", async () => {
  const error = await connectSocket(node.url, account.accessToken, { origin: "https://evil.example" }).then(
    () => "connected",
    (e: Error) => e.message,
  );
  expect(error).not.toBe("connected");
  const raw = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`, {
    headers: { origin: "https://evil.example" },
  });
  expect(raw.status).toBe(403);
});

it("accepts an allowed origin", async () => {
  const { socket } = await connectSocket(node.url, account.accessToken, { origin: "https://classroom.example" });
  expect(socket.connected).toBe(true);
  socket.close();
});

it("answers a plain polling handshake once, beside the web app, and keeps serving", async () => {
  const res = await fetch(`${node.url}/socket.io/?EIO=4&transport=polling`);
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/^0\{"sid"/);
  expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
});

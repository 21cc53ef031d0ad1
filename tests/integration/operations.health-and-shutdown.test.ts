import { expect, it } from "vitest";
import { connectSocket, nextEvent, registerUser } from "../helpers/clients";
import { startCluster } from "../helpers/cluster";
import type { ServerNodeHandle } from "../helpers/server";

it("reports health and readiness, and SIGTERM ends sockets and exits cleanly before its deadline", async () => {
  const [node] = (await startCluster(1)) as [ServerNodeHandle];
  expect(await (await fetch(`${node.url}/healthz`)).json()).toEqual({ status: "ok" });
  const ready = await fetch(`${node.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", checks: { mongo: "ok", redis: "ok" } });

  const { socket } = await connectSocket(node.url, (await registerUser(node.url)).accessToken);
  const ended = nextEvent(socket, "session:ended");
  // Exit code 0: the shutdown finished before its own deadline (SHUTDOWN_TIMEOUT_MS) forced exit 1.
  expect(await node.stop()).toBe(0);
  await expect(ended).resolves.toEqual({ reason: "shutting_down" });
  expect(node.logs()).not.toContain('"level":50');
});

import type { Ack, RoomDetails, RoomView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, connectSocket, nextEvent, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { ok } from "../helpers/live-client";
import { classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let nodes: ServerNodeHandle[];
beforeAll(async () => {
  nodes = await startCluster(2, ROOMY_LIMITS);
}, 120_000);
afterAll(() => stopAll(nodes));

const setRole = (admin: TestAccount, userId: string, role: "admin" | "learner") =>
  api(nodes[0]!.url, "PATCH", `/api/admin/users/${userId}/role`, { token: admin.accessToken, body: { role } });

const refreshed = async (account: TestAccount): Promise<TestAccount> => {
  const res = await api(nodes[0]!.url, "POST", "/api/auth/refresh", { refreshCookie: account.refreshCookie });
  expect(res.status).toBe(200);
  return { ...account, ...res.body, refreshCookie: res.refreshCookie! };
};

const roomLocked = async (roomId: string, token: string) =>
  (await api<RoomDetails>(nodes[0]!.url, "GET", `/api/rooms/${roomId}`, { token })).body.room.locked;

it("a demoted admin's already-open socket can no longer moderate, on any node", async () => {
  const admin = await loginDemo(nodes[0]!.url, "admin");
  const { roomId, instructor } = await classWithLearners(nodes[0]!.url, 0);
  const helper = await refreshed(await registerUser(nodes[0]!.url)).then(async (account) => {
    expect((await setRole(admin, account.user.id, "admin")).status).toBe(200);
    return refreshed(account);
  });
  expect(helper.user.role).toBe("admin");

  // As an admin, on the other node, the helper moderates the class.
  const { socket } = await connectSocket(nodes[1]!.url, helper.accessToken);
  ok(await socket.emitWithAck("room:join", { roomId }));
  expect(ok(await socket.emitWithAck("mod:lock", { roomId, locked: true })).locked).toBe(true);
  ok(await socket.emitWithAck("mod:lock", { roomId, locked: false }));

  const ended = nextEvent(socket, "session:ended", 5_000);
  const closed = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
  expect((await setRole(admin, helper.user.id, "learner")).body.role).toBe("learner");
  // Straight after the change, over the socket opened as an admin: refused, or the socket is gone.
  const attempt = await (
    socket.timeout(3_000).emitWithAck("mod:lock", { roomId, locked: true }) as Promise<Ack<RoomView>>
  ).catch(() => null);
  expect(attempt?.ok ?? false).toBe(false);
  await expect(ended).resolves.toEqual({ reason: "role_changed" });
  await closed;
  expect(await roomLocked(roomId, instructor.accessToken)).toBe(false);

  // The old token is over; a refresh carries the new role, which cannot moderate.
  await expect(connectSocket(nodes[1]!.url, helper.accessToken)).rejects.toThrow("unauthorized");
  const demoted = await refreshed(helper);
  expect(demoted.user.role).toBe("learner");
  const again = await connectSocket(nodes[1]!.url, demoted.accessToken);
  expect(again.ready.user.role).toBe("learner");
  expect(await again.socket.emitWithAck("mod:lock", { roomId, locked: true })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  again.socket.close();
  expect(await roomLocked(roomId, instructor.accessToken)).toBe(false);
});

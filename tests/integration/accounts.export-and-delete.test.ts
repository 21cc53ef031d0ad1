import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ChatClient } from "../helpers/chat-client";
import { api, connectSocket } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { grant, openStores, type Stores } from "../helpers/ledger";
import { classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import type { ServerNodeHandle } from "../helpers/server";

let node: ServerNodeHandle;
let names: ClusterNames;
let stores: Stores;
beforeAll(async () => {
  names = newClusterNames();
  [node] = (await startCluster(1, ROOMY_LIMITS, names)) as [ServerNodeHandle];
  stores = await openStores(names);
});
afterAll(async () => {
  await stores?.close();
  await stopAll(node ? [node] : []);
});

it("exports the account's own data, then deletes the account: personal data gone, ledger kept anonymised", async () => {
  const { course, roomId, learners } = await classWithLearners(node.url, 1);
  const learner = learners[0]!;
  const admin = await loginDemo(node.url, "admin");
  const awarded = await grant(node.url, admin.accessToken, {
    userId: learner.user.id,
    reason: "lesson_completed",
    key: `export-test-${learner.user.id}`,
  });
  expect(awarded.status).toBe(201);
  const chat = new ChatClient([node.url], learner.accessToken, roomId);
  await chat.start();
  await chat.send("my own words, to be exported and then removed");
  chat.close();

  const exported = await api(node.url, "GET", "/api/me/export", { token: learner.accessToken });
  expect(exported.status).toBe(200);
  expect(exported.headers.get("content-disposition")).toContain("chalkline-my-data.json");
  const data = exported.body;
  expect(data.profile).toMatchObject({ id: learner.user.id, email: learner.email });
  expect(data.enrolments.map((e: { courseId: string }) => String(e.courseId))).toEqual([course.id]);
  expect(data.messagesAuthored.map((m: { text: string }) => m.text)).toEqual([
    "my own words, to be exported and then removed",
  ]);
  expect(data.xpLedger.length + data.pointsLedger.length).toBeGreaterThan(0);
  expect(data.sessions.length).toBeGreaterThan(0);
  expect(data.truncated).toEqual([]);
  expect(JSON.stringify(data)).not.toContain("passwordHash");

  const socket = (await connectSocket(node.url, learner.accessToken)).socket;
  const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
  const wrong = await api(node.url, "DELETE", "/api/me", {
    token: learner.accessToken,
    body: { password: "not-it-at-all" },
  });
  expect(wrong.body.error.code).toBe("wrong_password");
  const deleted = await api(node.url, "DELETE", "/api/me", {
    token: learner.accessToken,
    body: { password: learner.password },
  });
  expect(deleted.status).toBe(204);
  await disconnected;

  expect((await api(node.url, "GET", "/api/me", { token: learner.accessToken })).status).toBe(401);
  const login = await api(node.url, "POST", "/api/auth/login", {
    body: { email: learner.email, password: learner.password },
  });
  expect(login.body.error.code).toBe("invalid_credentials");

  const userId = learner.user.id;
  const id = new mongoose.Types.ObjectId(userId);
  const user = await stores.db.collection("users").findOne({ _id: id });
  expect(user).toMatchObject({ displayName: "Deleted user", disabled: true });
  expect(user?.email).not.toBe(learner.email);
  expect(JSON.stringify(user)).not.toContain(learner.email);
  const messages = await stores.db.collection("messages").find({ authorId: id }).toArray();
  expect(messages.map((m) => [m.text, m.authorName])).toEqual([["", "Deleted user"]]);
  expect(await stores.db.collection("refreshFamilies").countDocuments({ userId: id })).toBe(0);
  // Kept, tied to the account that no longer names anyone.
  const ledger =
    (await stores.db.collection("xpLedger").countDocuments({ userId: id })) +
    (await stores.db.collection("pointsLedger").countDocuments({ userId: id }));
  expect(ledger).toBeGreaterThan(0);
  expect(await stores.db.collection("auditLog").countDocuments({ targetId: userId, action: "account.deleted" })).toBe(
    1,
  );
  // The address is free for a new account.
  const again = await api(node.url, "POST", "/api/auth/register", {
    body: { email: learner.email, password: "a-new-password-1", displayName: "Back again" },
  });
  expect(again.status).toBe(202);
});

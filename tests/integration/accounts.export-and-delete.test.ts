import type { UploadTicket, UploadView } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ChatClient } from "../helpers/chat-client";
import { api, connectSocket, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { expectStatus } from "../helpers/courses";
import { createGift, linkedPair, linkWithCode } from "../helpers/guardians";
import { grant, openStores, type Stores } from "../helpers/ledger";
import { classWithLearners, ROOMY_LIMITS } from "../helpers/rooms";
import { objectExists, s3Env } from "../helpers/s3";
import type { ServerNodeHandle } from "../helpers/server";
import { postToS3 } from "../helpers/store";
import { addSubject, seedSession } from "../helpers/study";

let node: ServerNodeHandle;
let names: ClusterNames;
let stores: Stores;
beforeAll(async () => {
  names = newClusterNames();
  [node] = (await startCluster(1, { ...ROOMY_LIMITS, ...s3Env() }, names)) as [ServerNodeHandle];
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

async function uploadAvatar(account: TestAccount): Promise<UploadView> {
  const body = { purpose: "avatar", contentType: "image/png", size: 1000, fileName: "me.png" };
  const ticket = expectStatus(
    await api<UploadTicket>(node.url, "POST", "/api/uploads", { token: account.accessToken, body }),
    201,
    "presign",
  );
  expect((await postToS3(ticket, 1000)).status).toBe(204);
  const confirmed = await api<UploadView>(node.url, "POST", "/api/uploads/confirm", {
    token: account.accessToken,
    body: { key: ticket.upload.key },
  });
  const ready = expectStatus(confirmed, 200, "confirm");
  const set = await api(node.url, "PUT", "/api/uploads/avatar", {
    token: account.accessToken,
    body: { uploadId: ready.id },
  });
  expect(set.status).toBe(200);
  return ready;
}

/**
 * A dismissed and a notified alert about `learner` for each viewer, as the study alerts store them;
 * the returned check counts what remains of them in each collection.
 */
async function seedAlertRecords(learner: TestAccount, viewers: TestAccount[]): Promise<() => Promise<number[]>> {
  const alertId = `streak_broken:${learner.user.id}:2026-01-05`;
  const ids = viewers.map((viewer) => `${viewer.user.id}:${alertId}`);
  const collections = ["studyAlertDismissals", "studyAlertNotices"].map((name) =>
    stores.db.collection<{ _id: string }>(name),
  );
  await collections[0]!.insertMany(
    viewers.map((viewer, i) => ({ _id: ids[i]!, viewerId: new mongoose.Types.ObjectId(viewer.user.id), alertId })),
  );
  await collections[1]!.insertMany(ids.map((_id) => ({ _id })));
  return () => Promise.all(collections.map((c) => c.countDocuments({ _id: { $in: ids } })));
}

const deleteAccount = (account: TestAccount) =>
  api(node.url, "DELETE", "/api/me", { token: account.accessToken, body: { password: account.password } });

it("exports gifts, the study plan and the list of files; deleting removes files, study, guardian links and pending gifts", async () => {
  const { learner, guardian } = await linkedPair(node.url);
  // The learner is followed by a second guardian too, and that guardian follows another learner.
  const otherGuardian = await registerUser(node.url, "guardian");
  await linkWithCode(node.url, learner, otherGuardian);
  const gift = await createGift(node.url, guardian, learner.user.id, {
    kind: "custom",
    payer: "learner",
    title: "Kite",
    threshold: 20,
  });
  const avatar = await uploadAvatar(learner);
  const subject = await addSubject(node.url, learner, "Algebra", 90);
  await seedSession(node.url, stores, learner, subject.id, new Date(Date.now() - 3_600_000), 25);

  const mine = (await api(node.url, "GET", "/api/me/export", { token: learner.accessToken })).body;
  expect(mine.uploads).toEqual([
    expect.objectContaining({ fileName: "me.png", purpose: "avatar", size: 1000, createdAt: expect.any(String) }),
  ]);
  expect(mine.studyPlan.subjects).toEqual([expect.objectContaining({ name: "Algebra", weeklyGoalMinutes: 90 })]);
  expect(mine.focusSessions).toHaveLength(1);
  expect(mine.giftsReceived.map((g: { title: string }) => g.title)).toEqual(["Kite"]);
  // Alerts about the learner both guardians were told of and dismissed.
  const alertRecords = await seedAlertRecords(learner, [guardian, otherGuardian]);
  const theirs = (await api(node.url, "GET", "/api/me/export", { token: guardian.accessToken })).body;
  expect(theirs.giftsGiven.map((g: { _id: string }) => String(g._id))).toEqual([gift.id]);
  expect(theirs.truncated).toEqual([]);

  // The guardian goes: their link and the gift the learner had not unlocked go with them.
  expect((await deleteAccount(guardian)).status).toBe(204);
  const guardianId = new mongoose.Types.ObjectId(guardian.user.id);
  expect(await stores.db.collection("guardianLinks").countDocuments({ guardianId })).toBe(0);
  expect(await stores.db.collection("gifts").countDocuments({ guardianId })).toBe(0);
  const gifts = await api(node.url, "GET", "/api/me/gifts", { token: learner.accessToken });
  expect(JSON.stringify(gifts.body)).not.toContain("Kite");
  expect(await alertRecords()).toEqual([1, 1]);

  // The learner goes: their files in S3, avatar, study and the link to the remaining guardian.
  expect(await objectExists(avatar.key)).toBe(true);
  expect((await deleteAccount(learner)).status).toBe(204);
  const learnerId = new mongoose.Types.ObjectId(learner.user.id);
  expect(await objectExists(avatar.key)).toBe(false);
  expect(await stores.db.collection("uploads").countDocuments({ ownerId: learnerId })).toBe(0);
  expect(await stores.db.collection("avatars").countDocuments({ _id: learnerId })).toBe(0);
  expect(await stores.db.collection("studyPlans").countDocuments({ _id: learnerId })).toBe(0);
  expect(await stores.db.collection("focusSessions").countDocuments({ userId: learnerId })).toBe(0);
  expect(await stores.db.collection("studyDays").countDocuments({ userId: learnerId })).toBe(0);
  expect(await stores.db.collection("guardianLinks").countDocuments({ learnerId })).toBe(0);
  expect(await alertRecords()).toEqual([0, 0]);
  const followed = await api<{ links: unknown[] }>(node.url, "GET", "/api/guardian-links", {
    token: otherGuardian.accessToken,
  });
  expect(followed.status).toBe(200);
  expect(JSON.stringify(followed.body)).not.toContain(learner.user.id);
});

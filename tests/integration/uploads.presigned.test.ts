import type { AvatarView, DownloadUrl, UploadTicket, UploadView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ApiAnswer, api, registerUser, type TestAccount } from "../helpers/clients";
import { loginDemo, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, enrolledLearner, expectStatus, READING } from "../helpers/courses";
import { objectExists } from "../helpers/s3";
import type { ServerNodeHandle } from "../helpers/server";
import { postToS3, storeEnv } from "../helpers/store";

// Short lives, so expiry can be seen within the test.
const TTL_SECONDS = 3;
let node: ServerNodeHandle;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  const env = storeEnv({ UPLOAD_URL_TTL_SECONDS: String(TTL_SECONDS), DOWNLOAD_URL_TTL_SECONDS: String(TTL_SECONDS) });
  [node] = (await startCluster(1, env)) as [ServerNodeHandle];
  [alice, bob] = await Promise.all([registerUser(node.url), registerUser(node.url)]);
}, 120_000);

afterAll(() => stopAll(node ? [node] : []));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function presign(account: TestAccount, body: object): Promise<ApiAnswer<UploadTicket>> {
  return api<UploadTicket>(node.url, "POST", "/api/uploads", { token: account.accessToken, body });
}

async function avatarTicket(account: TestAccount, size = 1000): Promise<UploadTicket> {
  const body = { purpose: "avatar", contentType: "image/png", size, fileName: "me.png" };
  return expectStatus(await presign(account, body), 201, "presign");
}

const confirm = (account: TestAccount, key: string) =>
  api<UploadView>(node.url, "POST", "/api/uploads/confirm", { token: account.accessToken, body: { key } });

it("an upload within its policy is stored, confirmed with S3's size, and downloadable through a short-lived URL", async () => {
  const ticket = await avatarTicket(alice);
  expect(ticket.upload.key.startsWith(`u/${alice.user.id}/`)).toBe(true);
  expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(TTL_SECONDS * 1000);
  expect((await postToS3(ticket, 1000)).status).toBe(204);
  const ready = expectStatus(await confirm(alice, ticket.upload.key), 200, "confirm");
  expect(ready).toMatchObject({ status: "ready", size: 1000, contentType: "image/png" });

  const avatar = await api<AvatarView>(node.url, "PUT", "/api/uploads/avatar", {
    token: alice.accessToken,
    body: { uploadId: ready.id },
  });
  const seenByBob = await api<AvatarView>(node.url, "GET", `/api/uploads/avatar/${alice.user.id}`, {
    token: bob.accessToken,
  });
  for (const view of [avatar.body, seenByBob.body]) {
    const file = await fetch(view.url!);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect((await file.arrayBuffer()).byteLength).toBe(1000);
  }
});

it("S3 refuses a presigned upload over the size limit, of another content type, or to another key", async () => {
  const ticket = await avatarTicket(alice);
  const tooBig = await postToS3(ticket, 2 * 1024 * 1024 + 1);
  expect(tooBig.status).toBe(400);
  expect(await tooBig.text()).toMatch(/EntityTooLarge/);
  const otherType = await postToS3(ticket, 1000, { ...ticket.fields, "Content-Type": "text/html" });
  expect(otherType.status).toBe(403);
  const otherKey = await postToS3(ticket, 1000, { ...ticket.fields, key: `u/${bob.user.id}/avatar/x/me.png` });
  expect(otherKey.status).toBe(403);
  // Nothing of these reached the bucket, so there is nothing to confirm.
  expect((await confirm(alice, ticket.upload.key)).body).toMatchObject({ error: { code: "conflict" } });
  // The server refuses to hand out such a policy in the first place.
  const refused = await presign(alice, { purpose: "avatar", contentType: "text/html", size: 10, fileName: "x.html" });
  expect(refused.status).toBe(400);
});

it("a key outside the caller's prefix cannot be confirmed", async () => {
  const ticket = await avatarTicket(alice);
  expect((await postToS3(ticket, 500)).status).toBe(204);
  const byBob = await confirm(bob, ticket.upload.key);
  expect(byBob.status).toBe(403);
  expect((await confirm(bob, `u/${bob.user.id}/../${alice.user.id}/avatar/x.png`)).status).toBe(404);
  expect((await confirm(alice, ticket.upload.key)).status).toBe(200);
});

it("course materials download only for the course's members", async () => {
  const instructor = await loginDemo(node.url, "instructor");
  const { course } = await buildCourse(node.url, instructor, [READING]);
  const body = {
    purpose: "lesson_attachment",
    contentType: "application/pdf",
    size: 2048,
    fileName: "notes.pdf",
    courseId: course.id,
  };
  expect((await presign(alice, body)).status).toBe(403);
  const ticket = expectStatus(await presign(instructor, body), 201, "presign material");
  expect((await postToS3(ticket, 2048)).status).toBe(204);
  const material = expectStatus(await confirm(instructor, ticket.upload.key), 200, "confirm material");

  const urlFor = (account: TestAccount) =>
    api<DownloadUrl>(node.url, "GET", `/api/uploads/${material.id}/url`, { token: account.accessToken });
  const outsider = await urlFor(alice);
  expect(outsider.status).toBe(403);
  const listed = await api(node.url, "GET", `/api/uploads?purpose=lesson_attachment&courseId=${course.id}`, {
    token: alice.accessToken,
  });
  expect(listed.status).toBe(403);
  const member = await enrolledLearner(node.url, course.id);
  const granted = expectStatus(await urlFor(member), 200, "member's URL");
  const file = await fetch(granted.url);
  expect(file.status).toBe(200);
  expect(file.headers.get("content-disposition")).toContain("notes.pdf");

  // Only the course's editors remove it; then the file is gone from S3, the list and the links.
  const remove = (account: TestAccount, id: string) =>
    api(node.url, "DELETE", `/api/uploads/${id}`, { token: account.accessToken });
  expect((await remove(member, material.id)).body).toMatchObject({ error: { code: "forbidden" } });
  const avatarTicketForAlice = await avatarTicket(alice);
  expect((await postToS3(avatarTicketForAlice, 1000)).status).toBe(204);
  const avatar = expectStatus(await confirm(alice, avatarTicketForAlice.upload.key), 200, "avatar");
  expect((await remove(alice, avatar.id)).body).toMatchObject({ error: { code: "forbidden" } });
  expect(await objectExists(material.key)).toBe(true);
  expect((await remove(instructor, material.id)).status).toBe(204);
  expect((await remove(instructor, material.id)).status).toBe(404);
  expect(await objectExists(material.key)).toBe(false);
  expect((await urlFor(member)).status).toBe(404);
  const after = await api(node.url, "GET", `/api/uploads?purpose=lesson_attachment&courseId=${course.id}`, {
    token: member.accessToken,
  });
  expect(after.body).toEqual({ uploads: [] });
});

it("URLs stop working once they expire, and a tampered one never works", async () => {
  const ticket = await avatarTicket(alice);
  expect((await postToS3(ticket, 300)).status).toBe(204);
  const ready = expectStatus(await confirm(alice, ticket.upload.key), 200, "confirm");
  const { url } = expectStatus(
    await api<DownloadUrl>(node.url, "GET", `/api/uploads/${ready.id}/url`, { token: bob.accessToken }),
    200,
    "download URL",
  );
  expect((await fetch(url)).status).toBe(200);
  expect((await fetch(url.replace(ticket.upload.key, `${ticket.upload.key}x`))).status).toBe(403);

  const late = await avatarTicket(alice);
  await sleep((TTL_SECONDS + 2) * 1000);
  expect((await fetch(url)).status).toBe(403);
  expect((await postToS3(late, 300)).status).toBe(403);
});

import type { UploadTicket, UploadView } from "@chalkline/shared";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { uploadsRedisKeys } from "../../server/src/features/uploads/uploads.keys";
import { createRedis, type RedisClient } from "../../server/src/platform/redis";
import { type ApiAnswer, api, registerUser, type TestAccount } from "../helpers/clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "../helpers/cluster";
import { buildCourse, expectStatus, READING } from "../helpers/courses";
import type { ServerNodeHandle } from "../helpers/server";
import { postToS3, storeEnv } from "../helpers/store";

const QUOTA_BYTES = 10_000;

let nodes: ServerNodeHandle[];
let names: ClusterNames;
let redis: RedisClient;
beforeAll(async () => {
  names = newClusterNames();
  nodes = await startCluster(2, storeEnv({ UPLOAD_QUOTA_BYTES: String(QUOTA_BYTES) }), names);
  redis = createRedis(inject("services").redisUrl);
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await stopAll(nodes ?? []);
});

function presign(account: TestAccount, size: number, node = nodes[0]!): Promise<ApiAnswer<UploadTicket>> {
  return api<UploadTicket>(node.url, "POST", "/api/uploads", {
    token: account.accessToken,
    body: { purpose: "avatar", contentType: "image/png", size, fileName: "me.png" },
  });
}

const confirm = (account: TestAccount, key: string) =>
  api<UploadView>(nodes[0]!.url, "POST", "/api/uploads/confirm", { token: account.accessToken, body: { key } });

it("pending uploads count against the quota; a confirmed smaller file gives the difference back", async () => {
  const learner = await registerUser(nodes[0]!.url);
  const first = expectStatus(await presign(learner, 4_000), 201, "first");
  expectStatus(await presign(learner, 4_000, nodes[1]), 201, "second, still pending");
  const refused = await presign(learner, 4_000);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: { code: "quota_exceeded" } });

  // The file is smaller than announced: only what S3 holds counts from now on.
  expect((await postToS3(first, 2_500)).status).toBe(204);
  expect(expectStatus(await confirm(learner, first.upload.key), 200, "confirm").size).toBe(2_500);
  expect(expectStatus(await confirm(learner, first.upload.key), 200, "confirm again").size).toBe(2_500);
  expectStatus(await presign(learner, 3_500), 201, "what the smaller file left");
  expect((await presign(learner, 1)).body).toMatchObject({ error: { code: "quota_exceeded" } });
});

it("a file larger than its announced size is refused by S3, so the announcement is what counts", async () => {
  const learner = await registerUser(nodes[0]!.url);
  const ticket = expectStatus(await presign(learner, 1_000), 201, "presign");
  const tooBig = await postToS3(ticket, 5_000);
  expect(tooBig.status).toBe(400);
  expect(await tooBig.text()).toMatch(/EntityTooLarge/);
});

it("concurrent requests on two nodes never reserve more than the quota", async () => {
  const learner = await registerUser(nodes[0]!.url);
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => presign(learner, 3_000, nodes[i % 2])));
  const granted = answers.filter((a) => a.status === 201).length;
  expect(granted).toBe(Math.floor(QUOTA_BYTES / 3_000));
  expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
});

it("a usage counter Redis has lost is rebuilt from the uploads before the next check", async () => {
  const learner = await registerUser(nodes[0]!.url);
  expectStatus(await presign(learner, 6_000), 201, "pending");
  const key = uploadsRedisKeys.usage(`${names.keyPrefix}:`, learner.user.id);
  expect(await redis.del(key)).toBe(1);
  expect((await presign(learner, 5_000, nodes[1])).body).toMatchObject({ error: { code: "quota_exceeded" } });
  expectStatus(await presign(learner, 4_000), 201, "what is left");
  expect(Number(await redis.get(key))).toBe(QUOTA_BYTES);
});

it("removing a course material gives its size back to the instructor who uploaded it", async () => {
  const instructor = await loginDemo(nodes[0]!.url, "instructor");
  const { course } = await buildCourse(nodes[0]!.url, instructor, [READING]);
  const material = (size: number) =>
    api<UploadTicket>(nodes[0]!.url, "POST", "/api/uploads", {
      token: instructor.accessToken,
      body: {
        purpose: "lesson_attachment",
        contentType: "application/pdf",
        size,
        fileName: "notes.pdf",
        courseId: course.id,
      },
    });
  const ticket = expectStatus(await material(8_000), 201, "material");
  expect((await postToS3(ticket, 8_000)).status).toBe(204);
  const ready = expectStatus(await confirm(instructor, ticket.upload.key), 200, "confirm");
  expect((await material(8_000)).body).toMatchObject({ error: { code: "quota_exceeded" } });
  const removed = await api(nodes[0]!.url, "DELETE", `/api/uploads/${ready.id}`, { token: instructor.accessToken });
  expect(removed.status).toBe(204);
  expectStatus(await material(8_000), 201, "after the removal");
});

import { createHash, createHmac } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedServices, redisPing, startEmbeddedServices } from "./index";

// Start everything here even when the surrounding run points at external services.
const env = { ...process.env, MONGODB_URL: "", REDIS_URL: "", S3_ENDPOINT: "", S3_BUCKET: "" };

let dataDir: string;
let services: EmbeddedServices | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "chalkline-embedded-"));
});
afterAll(async () => {
  await services?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** SigV4 query-string presigning of a GET, written out so the test does not trust the SDK twice. */
function presignGet(o: {
  endpoint: string;
  region: string;
  bucket: string;
  key: string;
  accessKeyId: string;
  secretAccessKey: string;
}): URL {
  const url = new URL(`${o.endpoint}/${o.bucket}/${o.key}`);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${o.region}/s3/aws4_request`;
  const encode = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const params: [string, string][] = [
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${o.accessKeyId}/${scope}`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", "300"],
    ["X-Amz-SignedHeaders", "host"],
  ];
  const query = params
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const canonical = ["GET", url.pathname, query, `host:${url.host}`, "", "host", "UNSIGNED-PAYLOAD"].join("\n");
  const hash = createHash("sha256").update(canonical).digest("hex");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, hash].join("\n");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const signingKey = ["s3", "aws4_request"].reduce(hmac, hmac(hmac(`AWS4${o.secretAccessKey}`, day), o.region));
  const signature = createHmac("sha256", signingKey).update(toSign).digest("hex");
  return new URL(`${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`);
}

async function start(): Promise<EmbeddedServices> {
  services = await startEmbeddedServices({ dataDir, env });
  return services;
}

describe("embedded services", () => {
  it("start on free ports and answer: Redis, MongoDB-compatible, S3 with signature checks", async () => {
    const { redis, mongo, s3, env: out } = await start();
    if (!redis || !mongo || !s3) throw new Error("a service did not start");
    expect(out.REDIS_URL).toBe(redis.url);
    expect(out.MONGODB_URL).toBe(mongo.url);
    expect(out.S3_ENDPOINT).toBe(s3.endpoint);

    expect(await redisPing(redis.port)).toBe(true);
    const client = new Redis(redis.url);
    await client.set("embedded:test", "kept");
    client.disconnect();

    const mongoClient = new mongoose.mongo.MongoClient(mongo.url);
    const notes = mongoClient.db("embedded_test").collection<{ _id: string; text: string }>("notes");
    await notes.insertOne({ _id: "n1", text: "hello" });
    expect(await notes.findOne({ _id: "n1" })).toEqual({ _id: "n1", text: "hello" });
    await mongoClient.close();

    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    await s3Client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "notes/a.txt", Body: "alpha" }));
    await s3Client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "notes/b.txt", Body: "bravo" }));
    const got = await s3Client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: "notes/a.txt" }));
    expect(await got.Body?.transformToString()).toBe("alpha");
    s3Client.destroy();

    const signed = presignGet({ ...s3, key: "notes/a.txt" });
    const ok = await fetch(signed);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("alpha");

    const otherObject = new URL(signed);
    otherObject.pathname = otherObject.pathname.replace("a.txt", "b.txt");
    const longerLife = new URL(signed);
    longerLife.searchParams.set("X-Amz-Expires", "604800");
    const wrongKey = presignGet({ ...s3, key: "notes/a.txt", secretAccessKey: "not-the-secret" });
    for (const tampered of [otherObject, longerLife, wrongKey]) {
      const res = await fetch(tampered);
      expect(res.status, tampered.toString()).toBe(403);
      await res.body?.cancel();
    }

    await services?.stop();
    await services?.stop(); // idempotent
    expect(await redisPing(redis.port).catch(() => false)).toBe(false);
  });

  it("keep their data and S3 keys across a restart on the same directory", async () => {
    const first = services;
    const { redis, mongo, s3 } = await start();
    if (!redis || !mongo || !s3 || !first?.s3) throw new Error("a service did not start");
    expect(s3.accessKeyId).toBe(first.s3.accessKeyId);

    const client = new Redis(redis.url);
    expect(await client.get("embedded:test")).toBe("kept");
    client.disconnect();

    const mongoClient = new mongoose.mongo.MongoClient(mongo.url);
    expect(await mongoClient.db("embedded_test").collection("notes").countDocuments()).toBe(1);
    await mongoClient.close();

    const res = await fetch(presignGet({ ...s3, key: "notes/b.txt" }));
    expect(await res.text()).toBe("bravo");
  });

  it("stop what did start when another service cannot start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chalkline-embedded-fail-"));
    try {
      const broken = { ...env, VERSITYGW_BIN: join(dir, "no-such-versitygw") };
      await expect(startEmbeddedServices({ dataDir: dir, env: broken })).rejects.toThrow(/versitygw not found/);
      const redisLog = await readFile(join(dir, "redis", "redis.log"), "utf8");
      expect(redisLog).toMatch(/Ready to accept connections/i);
      expect(redisLog).toMatch(/ready to exit/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

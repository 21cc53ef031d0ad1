import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@chalkline/server/embedded";
import type { DownloadUrl, UploadTicket, UploadView } from "@chalkline/shared";
import mongoose from "mongoose";
import { afterAll, expect, it } from "vitest";
import { useMediasoupWorkerBin } from "../../media/src/testing/worker-bin";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { api, connectSocket, login, type TestAccount } from "../helpers/clients";
import { CollabClient, roomDocs, until } from "../helpers/collab-client";
import { grant } from "../helpers/ledger";
import { ok } from "../helpers/live-client";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) process.kill(-child.pid!, "SIGINT");
  await new Promise((r) => setTimeout(r, 3000));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `chalkline-${name}-`));
  dirs.push(dir);
  return dir;
}

/** The environment of an `npm start` with nothing configured, on `dataDir`. */
function installEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  useMediasoupWorkerBin();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    MEDIA_WORKERS: "1",
    LOG_LEVEL: "warn",
  };
  for (const key of ["MONGODB_URL", "REDIS_URL", "S3_ENDPOINT", "SMTP_URL", "JWT_SECRET", "NODE_ENV", "VITEST"]) {
    delete env[key];
  }
  return env;
}

/** `npm start`'s program (what it runs once provisioning is done) on `dataDir`, until it is ready. */
async function startInstall(dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/standalone.ts"], {
    cwd: ROOT,
    env: installEnv(dataDir, port),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the install exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the install was not ready within 150 s:\n${output}`);
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const closed = new Promise<void>((resolve) => child.stdout!.once("close", () => resolve()));
  return {
    url,
    stop: async () => {
      process.kill(-child.pid!, "SIGINT");
      await closed;
    },
  };
}

/** `npm run <script> [args]` with DATA_DIR set; resolves with its exit code and output. */
function npmRun(script: string, args: string[], dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: ROOT,
      env: installEnv(dataDir, 0),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;
const signIn = (url: string, role: string) => login(url, demo(role).email, DEMO_PASSWORD);

async function download(url: string, account: TestAccount, uploadId: string): Promise<Buffer> {
  const link = await api<DownloadUrl>(url, "GET", `/api/uploads/${uploadId}/url`, { token: account.accessToken });
  expect(link.status).toBe(200);
  return Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
}

/** The stored update log and snapshot of one collab document, as the database holds them. */
async function storedDoc(mongoUrl: string, database: string, docId: string) {
  const client = await mongoose.mongo.MongoClient.connect(mongoUrl);
  try {
    const db = client.db(database);
    const id = new mongoose.Types.ObjectId(docId);
    const EJSON = mongoose.mongo.BSON.EJSON;
    const updates = await db.collection("yUpdates").find({ docId: id }).sort({ _id: 1 }).toArray();
    const doc = await db.collection("yDocs").findOne({ _id: id });
    return EJSON.stringify({ updates, doc }, { relaxed: false });
  } finally {
    await client.close();
  }
}

it("a backup of a running install restores into a fresh directory, and the restored install serves the same data", async () => {
  const source = tempDir("backup-source");
  const first = await startInstall(source);

  // Chat messages, ledger entries, an upload and a collaborative document.
  const [teacher, lena, admin] = await Promise.all([
    signIn(first.url, "instructor"),
    signIn(first.url, "learner"),
    signIn(first.url, "admin"),
  ]);
  const rooms = await api(first.url, "GET", "/api/rooms", { token: teacher.accessToken });
  const classRoom = rooms.body.rooms.find((r: { kind: string }) => r.kind === "class");
  const { socket } = await connectSocket(first.url, teacher.accessToken);
  const texts = ["before the backup 1", "before the backup 2", "before the backup 3"];
  for (const [i, text] of texts.entries()) {
    ok(await socket.emitWithAck("chat:send", { roomId: classRoom.id, clientMsgId: `backup-${i}-xxxx`, text }));
  }
  const history = ok(await socket.emitWithAck("chat:since", { roomId: classRoom.id, afterSeq: 0 }));
  socket.close();
  for (const key of ["backup-award-1", "backup-award-2"]) {
    expect(
      (
        await grant(first.url, admin.accessToken, {
          userId: lena.user.id,
          reason: "lesson_completed",
          key,
          roomId: classRoom.id,
        })
      ).status,
    ).toBe(201);
  }
  const wallet = await api(first.url, "GET", "/api/me/ledger", { token: lena.accessToken });
  expect(wallet.status).toBe(200);

  const bytes = randomBytes(4096);
  const ticket = await api<UploadTicket>(first.url, "POST", "/api/uploads", {
    token: teacher.accessToken,
    body: { purpose: "avatar", contentType: "image/png", size: bytes.length, fileName: "me.png" },
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields)) form.append(name, value);
  form.append("file", new Blob([bytes]), "me.png");
  expect((await fetch(ticket.body.url, { method: "POST", body: form })).status).toBe(204);
  const upload = await api<UploadView>(first.url, "POST", "/api/uploads/confirm", {
    token: teacher.accessToken,
    body: { key: ticket.body.upload.key },
  });
  expect(upload.status).toBe(200);

  const code = (await roomDocs(first.url, classRoom.id, teacher.accessToken)).find((d) => d.kind === "code")!;
  const writer = new CollabClient(first.url, code.id, teacher.accessToken);
  await writer.synced();
  writer.text.insert(0, "print('kept by the backup')\n");
  writer.text.insert(0, "# restored\n");
  const written = writer.text.toString();
  // Every update is stored before the server answers with its state; wait for the echo of the server's view.
  await new Promise((r) => setTimeout(r, 1000));
  writer.destroy();
  const install = JSON.parse(readFileSync(join(source, "running.json"), "utf8"));
  const docBefore = await storedDoc(install.mongoUrl, install.database, code.id);

  // Backup while it runs.
  const archive = join(tempDir("backup-archive"), "install.tar.gz");
  const made = await npmRun("backup", [archive], source);
  expect(made.code, made.output).toBe(0);
  expect(made.output).toMatch(/database: messages, \d+ documents/);
  expect(made.output).toMatch(/redis: \d+ keys/);
  expect(made.output).toContain("objects: 1 in bucket");
  expect(made.output).toMatch(/verified: \d+ parts match the manifest/);
  expect(existsSync(archive)).toBe(true);
  await first.stop();

  // A non-empty directory is refused; an empty one is restored.
  const refused = await npmRun("restore", [archive], source);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toContain("it is not empty");
  const target = tempDir("backup-target");
  const restored = await npmRun("restore", [archive], target);
  expect(restored.code, restored.output).toBe(0);
  expect(restored.output).toMatch(/database: messages, \d+ documents/);
  expect(restored.output).toContain("objects: 1 in bucket");
  expect(restored.output).toContain(`restored into ${target}`);

  const second = await startInstall(target);
  const [teacher2, lena2] = await Promise.all([signIn(second.url, "instructor"), signIn(second.url, "learner")]);
  const { socket: socket2 } = await connectSocket(second.url, teacher2.accessToken);
  const history2 = ok(await socket2.emitWithAck("chat:since", { roomId: classRoom.id, afterSeq: 0 }));
  expect(history2.messages).toEqual(history.messages);
  expect(history2.messages.map((m: { text: string }) => m.text)).toEqual(expect.arrayContaining(texts));
  // Numbering carries on after the restored messages.
  const next = ok(
    await socket2.emitWithAck("chat:send", { roomId: classRoom.id, clientMsgId: "after-restore-xxxx", text: "after" }),
  );
  expect(next.seq).toBe(Math.max(...history.messages.map((m: { seq: number }) => m.seq)) + 1);
  socket2.close();

  const wallet2 = await api(second.url, "GET", "/api/me/ledger", { token: lena2.accessToken });
  expect(wallet2.body).toEqual(wallet.body);
  expect((await download(second.url, teacher2, upload.body.id)).equals(bytes)).toBe(true);

  const install2 = JSON.parse(readFileSync(join(target, "running.json"), "utf8"));
  expect(await storedDoc(install2.mongoUrl, install2.database, code.id)).toBe(docBefore);
  const reader = new CollabClient(second.url, code.id, teacher2.accessToken);
  await reader.synced();
  await until(() => reader.text.toString() === written, 10_000, "the restored document");
  reader.destroy();
  await second.stop();
}, 600_000);

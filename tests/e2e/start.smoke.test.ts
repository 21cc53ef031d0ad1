import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@chalkline/server/embedded";
import { expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/seed/demo";
import { api, completeSignup, connectSocket } from "../helpers/clients";
import { ok } from "../helpers/live-client";
import { signupLink, waitForMail } from "../helpers/mail";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the real `npm start` on an empty data directory with nothing configured. */
async function npmStart(dataDir: string, port: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
  };
  for (const key of ["MONGODB_URL", "REDIS_URL", "S3_ENDPOINT", "SMTP_URL", "JWT_SECRET", "NODE_ENV", "VITEST"]) {
    delete env[key];
  }
  const child = spawn("npm", ["start"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  // The pipe closes once every process that shares it (npm, the launcher, the app) has exited.
  const closed = new Promise<void>((resolve) => child.stdout.once("close", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (
      (await fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Ctrl-C in a terminal signals the whole foreground process group.
  const interrupt = () => process.kill(-child.pid!, "SIGINT");
  return { url, output: () => output, closed, interrupt };
}

it("`npm start` from an empty data directory becomes ready, seeds demo logins, stops on Ctrl-C and keeps data", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chalkline-start-"));
  const admin = DEMO_USERS.find((u) => u.role === "admin")!;

  const first = await npmStart(dataDir, await freePort());
  expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  expect(first.output()).toContain(`Chalkline is running at`);
  expect(first.output()).toContain(admin.email);
  const login = await api(first.url, "POST", "/api/auth/login", {
    body: { email: admin.email, password: DEMO_PASSWORD },
  });
  expect(login.status).toBe(200);
  // The media node runs in the same process: the demo class goes live with media.
  const instructor = DEMO_USERS.find((u) => u.role === "instructor")!;
  const teacher = await api(first.url, "POST", "/api/auth/login", {
    body: { email: instructor.email, password: DEMO_PASSWORD },
  });
  const roomList = await api(first.url, "GET", "/api/rooms", { token: teacher.body.accessToken });
  const classRoom = roomList.body.rooms.find((r: { kind: string }) => r.kind === "class");
  const { socket } = await connectSocket(first.url, teacher.body.accessToken);
  ok(await socket.emitWithAck("live:start", { roomId: classRoom.id }));
  const joined = ok(await socket.emitWithAck("live:join", { roomId: classRoom.id }));
  expect(joined.routerRtpCapabilities).toMatchObject({ codecs: expect.any(Array) });
  ok(await socket.emitWithAck("live:end", { roomId: classRoom.id }));
  socket.close();
  const page = await fetch(`${first.url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("<html");
  // Sign-up links land in the embedded Mailpit, whose inbox `npm start` names.
  const inbox = first.output().match(/Mail inbox \(nothing is delivered; sign-up links arrive here\): (http:\S+)/)?.[1];
  expect(inbox).toBeDefined();
  await api(first.url, "POST", "/api/auth/register", {
    body: { email: "kept@example.test", password: "kept-across-restarts", displayName: "Kept" },
  });
  const { token } = signupLink(await waitForMail("kept@example.test", { mailpit: inbox }));
  expect((await completeSignup(first.url, token)).status).toBe(201);
  first.interrupt();
  await first.closed;
  expect(first.output()).toMatch(/"msg":"stopped"/);
  expect(
    await fetch(`${first.url}/healthz`).then(
      () => "up",
      () => "down",
    ),
  ).toBe("down");

  const second = await npmStart(dataDir, await freePort());
  const kept = await api(second.url, "POST", "/api/auth/login", {
    body: { email: "kept@example.test", password: "kept-across-restarts" },
  });
  expect(kept.status).toBe(200);
  second.interrupt();
  await second.closed;
  expect(second.output()).toMatch(/"msg":"stopped"/);
});

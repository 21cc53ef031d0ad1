import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnManaged, waitUntilReady } from "./child";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chalkline-child-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const node = (name: string, script: string) =>
  spawnManaged({ name, command: process.execPath, args: ["-e", script], logFile: join(dir, `${name}.log`) });

describe("managed child processes", () => {
  it("reports a child that dies during startup with the tail of its log", async () => {
    const child = node("crasher", "console.error('bind: address already in use'); process.exit(3)");
    await expect(waitUntilReady(child, async () => false)).rejects.toThrow(
      /crasher exited with code 3 during startup[\s\S]*address already in use/,
    );
  });

  it("reports a binary that cannot be spawned", async () => {
    const child = spawnManaged({ name: "ghost", command: join(dir, "missing"), args: [], logFile: join(dir, "g.log") });
    await expect(waitUntilReady(child, async () => false)).rejects.toThrow(/ghost could not start: .*ENOENT/);
  });

  it("stops with SIGTERM, and stop() is idempotent", async () => {
    const child = node("sleeper", "setInterval(() => {}, 1000)");
    await waitUntilReady(child, async () => true);
    await Promise.all([child.stop(), child.stop()]);
    await child.stop();
    expect(await child.exited).toMatchObject({ signal: "SIGTERM" });
  });

  it("falls back to SIGKILL when SIGTERM is ignored", async () => {
    const child = node("stubborn", "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)");
    await new Promise((r) => setTimeout(r, 300)); // let it install the handler
    const started = Date.now();
    await child.stop();
    expect(await child.exited).toMatchObject({ signal: "SIGKILL" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  }, 10_000);
});

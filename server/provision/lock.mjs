// A pid lock file so that two provisioning runs never build the same thing at once.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 5_000;

function holderAlive(path) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(path, "utf8"), 10);
  } catch {
    return { alive: false };
  }
  if (!Number.isInteger(pid) || pid <= 0) return { alive: false };
  try {
    process.kill(pid, 0);
    return { alive: true, pid };
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return { alive: error.code === "EPERM", pid };
  }
}

/**
 * Runs `fn` while holding the lock at `path`. When a live process holds it, calls `onWait(pid)`
 * once, waits for it to go, then runs `fn` (which should first check whether the other holder
 * already produced the result). A lock left by a dead process is taken over.
 */
export async function withLock(path, onWait, fn) {
  mkdirSync(dirname(path), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = holderAlive(path);
      if (!holder.alive) {
        rmSync(path, { force: true });
        continue;
      }
      if (!announced) onWait(holder.pid);
      announced = true;
      await sleep(POLL_MS);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

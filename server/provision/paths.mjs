// Where things live: the repository root and the per-user cache shared by every clone.
import { chmodSync, existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file is server/provision/paths.mjs). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** `${XDG_CACHE_HOME:-$HOME/.cache}/chalkline`: built binaries and negative results live here. */
export function cacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(base, "chalkline");
}

/** mtime in ms, or 0 when the path does not exist. */
export function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest mtime of a file or of any file below a directory (0 when absent). */
export function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

/** Adds the owner's write bit below `path`: Go's module cache is read-only, copies of it too. */
export function makeWritable(path) {
  const stat = statSync(path);
  chmodSync(path, stat.mode | 0o200);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

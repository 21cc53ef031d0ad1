import { randomBytes } from "node:crypto";

let counter = 0;

/**
 * A name no other test in this run (or a parallel run) uses: `<prefix>_<pid>_<n>_<random>`.
 * Short and limited to [a-z0-9_] so it is valid as a MongoDB database name and a Redis key prefix.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid.toString(36)}_${counter.toString(36)}_${randomBytes(3).toString("hex")}`;
}

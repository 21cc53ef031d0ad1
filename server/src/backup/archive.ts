import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** One file of an archive: what it holds, how many records, and its digest. */
const partSchema = z.object({
  path: z.string().regex(/^[a-z0-9_./-]+$/i, "a plain relative path"),
  kind: z.enum(["collection", "indexes", "redis", "object", "secret"]),
  /** Documents, keys or objects in it (1 for an object or a secret file). */
  count: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What it restores into: a collection name, an object key, a file under the data directory. */
  target: z.string(),
  contentType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

export const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  database: z.string(),
  bucket: z.string(),
  parts: z.array(partSchema),
});

export type Part = z.infer<typeof partSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_FILE = "manifest.json";

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Describes a file already written under `dir` as a part. */
export async function describePart(dir: string, part: Omit<Part, "bytes" | "sha256">): Promise<Part> {
  const file = join(dir, part.path);
  return { ...part, bytes: statSync(file).size, sha256: await sha256File(file) };
}

/** What does not match the manifest in an unpacked archive; empty when every part is whole. */
export async function verifyParts(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const part of manifest.parts) {
    const file = join(dir, part.path);
    if (!existsSync(file)) problems.push(`${part.path}: missing`);
    else if ((await sha256File(file)) !== part.sha256) problems.push(`${part.path}: sha256 differs from the manifest`);
  }
  return problems;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`not a Chalkline backup: no ${MANIFEST_FILE}`);
  return manifestSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

function tar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("tar", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`tar ${args[0]} failed: ${stderr.trim()}`))));
  });
}

/** Packs every file under `dir` into one gzip'd tar at `archive`. */
export function pack(dir: string, archive: string): Promise<void> {
  return tar(["-czf", archive, "-C", dir, "."]);
}

/** Unpacks `archive` into the existing directory `dir`. */
export function unpack(archive: string, dir: string): Promise<void> {
  return tar(["-xzf", archive, "-C", dir, "--no-same-owner"]);
}

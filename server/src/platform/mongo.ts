import { createHash } from "node:crypto";
import mongoose from "mongoose";

/** Connects the process-wide mongoose connection and builds every model's indexes before use. */
export async function connectMongo(url: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  // No sanitizeFilter: services build their own operator filters ($in, $gt) from values that zod
  // already checked are plain strings and numbers, so client objects never reach a query.
  await mongoose.connect(url, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  return mongoose;
}

export async function pingMongo(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  await db.admin().command({ ping: 1 });
  return true;
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

/** MongoDB's duplicate-key error (E11000): a unique index refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/** `text` as a literal inside a regular expression, for case-insensitive "contains" searches. */
/** An object id derived from `text`: the same text always names the same document (an idempotency key as an `_id`). */
export function objectIdFrom(text: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(text).digest().subarray(0, 12));
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

import { createHash } from "node:crypto";
import mongoose, { type Model, type QueryFilter, type UpdateQuery } from "mongoose";

/**
 * Connects the process-wide mongoose connection and builds every model's indexes before use.
 * `monitorCommands` makes the driver report each command (for the metrics), from the first one.
 */
export async function connectMongo(
  url: string,
  dbName: string,
  { monitorCommands = false }: { monitorCommands?: boolean } = {},
): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  // No sanitizeFilter: services build their own operator filters ($in, $gt) from values that zod
  // already checked are plain strings and numbers, so client objects never reach a query.
  await mongoose.connect(url, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false, monitorCommands });
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

/**
 * Inserts `docs` (already cast, defaults set) in one ordered statement and returns how many were
 * stored before the first one a unique index refused (all of them when none was): an ordered
 * insert stops at its first failure, so what is stored is always a prefix. Any other failure is thrown.
 */
export async function insertOrdered(model: Model<any>, docs: object[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await model.collection.insertMany(docs, { ordered: true });
    return docs.length;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const index = (error as { writeErrors?: Array<{ index: number }> | { index: number } }).writeErrors;
    const first = Array.isArray(index) ? index[0]?.index : index?.index;
    if (first === undefined) throw error;
    return first;
  }
}

/** An object id derived from `text`: the same text always names the same document (an idempotency key as an `_id`). */
export function objectIdFrom(text: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(text).digest().subarray(0, 12));
}

/** `text` as a literal inside a regular expression, for case-insensitive "contains" searches. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** How many documents one statement of a many-document delete or update touches. */
export const WRITE_BATCH = 1000;

/**
 * Deletes every document matching `filter`, `batchSize` at a time, and returns how many it deleted.
 * One statement over every match holds a write for as long as it runs on MongoDB, and fails on the
 * embedded store past a few tens of thousands (FerretDB on SQLite binds one SQL variable per
 * document); so a page of `_id`s is read, then deleted with `filter` checked again, until none is left.
 */
export async function deleteInBatches(
  model: Model<any>,
  filter: QueryFilter<any>,
  batchSize = WRITE_BATCH,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    // Deleted documents leave the filter, so each page is read from the top again.
    const ids = await idsOf(model, filter, batchSize);
    if (ids.length === 0) return deleted;
    deleted += (await model.deleteMany(withinIds(filter, ids))).deletedCount;
    if (ids.length < batchSize) return deleted;
  }
}

/**
 * Applies `update` to every document matching `filter`, `batchSize` at a time, and returns how many
 * it modified (see deleteInBatches for why). Pages follow `_id` order, so an update that leaves a
 * document matching is applied to it once.
 */
export async function updateInBatches(
  model: Model<any>,
  filter: QueryFilter<any>,
  update: UpdateQuery<any>,
  batchSize = WRITE_BATCH,
): Promise<number> {
  let modified = 0;
  let after: unknown;
  for (;;) {
    const rest = after === undefined ? filter : ({ $and: [filter, { _id: { $gt: after } }] } as QueryFilter<any>);
    const ids = await idsOf(model, rest, batchSize, true);
    if (ids.length === 0) return modified;
    modified += (await model.updateMany(withinIds(filter, ids), update)).modifiedCount;
    if (ids.length < batchSize) return modified;
    after = ids.at(-1);
  }
}

async function idsOf(model: Model<any>, filter: QueryFilter<any>, limit: number, inOrder = false): Promise<unknown[]> {
  const query = model.find(filter, { _id: 1 }).limit(limit);
  if (inOrder) query.sort({ _id: 1 });
  const docs = await query.lean<Array<{ _id: unknown }>>();
  return docs.map((doc) => doc._id);
}

/** `filter` narrowed to `ids`: a document changed since its page was read is written only if it still matches. */
function withinIds(filter: QueryFilter<any>, ids: unknown[]): QueryFilter<any> {
  return { $and: [filter, { _id: { $in: ids } }] };
}

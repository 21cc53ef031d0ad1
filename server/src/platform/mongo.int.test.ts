import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { deleteInBatches, updateInBatches } from "./mongo";

// Provided by tests/helpers/global-services.ts, which this package cannot import. Declared as this
// package's other tests declare it (declarations must agree), and widened where it is read.
declare module "vitest" {
  export interface ProvidedContext {
    services: { redisUrl: string };
  }
}

/** More than one statement may touch on the embedded store: FerretDB on SQLite refuses a ~32k-document delete. */
const MANY = 40_000;
const INSERT_BATCH = 5_000;
/** FerretDB reads the whole collection for every page (it serves `$in` from no index), so this one takes a while. */
const MANY_TIMEOUT_MS = 240_000;

const schema = new mongoose.Schema({ group: String, n: Number, seen: Boolean }, { versionKey: false });
const rowsOf = (connection: mongoose.Connection) => connection.model("Row", schema, "rows");
let db: mongoose.Connection;
let Row: ReturnType<typeof rowsOf>;

beforeAll(async () => {
  const dbName = `batches_${process.pid.toString(36)}_${randomBytes(4).toString("hex")}`;
  const { mongoUrl } = inject("services") as { redisUrl: string; mongoUrl: string };
  db = await mongoose.createConnection(mongoUrl, { dbName }).asPromise();
  Row = rowsOf(db);
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

async function insert(group: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += INSERT_BATCH) {
    const size = Math.min(INSERT_BATCH, count - from);
    await Row.insertMany(
      Array.from({ length: size }, (_, i) => ({ group, n: from + i })),
      { ordered: false, lean: true },
    );
  }
}

it(
  "deletes tens of thousands of documents, and only those matching",
  async () => {
    await insert("doomed", MANY);
    await insert("kept", 5);

    const started = Date.now();
    expect(await deleteInBatches(Row, { group: "doomed" })).toBe(MANY);
    console.log(`deleted ${MANY} documents in batches in ${Date.now() - started} ms`);

    expect(await Row.countDocuments({ group: "doomed" })).toBe(0);
    expect(await Row.countDocuments({ group: "kept" })).toBe(5);
    expect(await deleteInBatches(Row, { group: "doomed" })).toBe(0);
  },
  MANY_TIMEOUT_MS,
);

it("updates every matching document once, page by page, even when the update leaves it matching", async () => {
  await insert("touched", 2_500);
  await insert("untouched", 5);

  // Three pages of 1,000 (the last one short); the documents still match the filter afterwards.
  expect(await updateInBatches(Row, { group: "touched" }, { $set: { seen: true } }, 1_000)).toBe(2_500);

  expect(await Row.countDocuments({ group: "touched", seen: true })).toBe(2_500);
  expect(await Row.countDocuments({ group: "untouched", seen: true })).toBe(0);
  // Nothing left to change: a second pass reads every page again and modifies none.
  expect(await updateInBatches(Row, { group: "touched" }, { $set: { seen: true } }, 1_000)).toBe(0);
});

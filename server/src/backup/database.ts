import { once } from "node:events";
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import mongoose from "mongoose";
import { describePart, type Part } from "./archive";

const { EJSON } = mongoose.mongo.BSON;
type Document = mongoose.mongo.Document;
const INSERT_BATCH = 500;

/** Canonical Extended JSON keeps every BSON type (binary Yjs updates, dates, 64-bit integers) exactly. */
const toLine = (doc: Document) => `${EJSON.stringify(doc, { relaxed: false })}\n`;

async function withDb<T>(url: string, name: string, use: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const client = await mongoose.mongo.MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    return await use(client.db(name));
  } finally {
    await client.close();
  }
}

/**
 * Writes every collection of the database to `database/<name>.ejson` (one document a line, read in one pass through
 * the MongoDB wire protocol, so it works on mongod and on FerretDB alike) and their indexes to `database/indexes.ejson`.
 */
export function dumpDatabase(
  url: string,
  name: string,
  dir: string,
  progress: (line: string) => void,
): Promise<Part[]> {
  return withDb(url, name, async (db) => {
    mkdirSync(join(dir, "database"), { recursive: true });
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((c) => !c.startsWith("system."))
      .sort();
    const parts: Part[] = [];
    const indexes: Record<string, Document[]> = {};
    for (const collection of collections) {
      const path = `database/${collection}.ejson`;
      const out = createWriteStream(join(dir, path));
      let count = 0;
      for await (const doc of db.collection(collection).find({}, { sort: { _id: 1 } })) {
        if (!out.write(toLine(doc))) await once(out, "drain");
        count++;
      }
      out.end();
      await once(out, "finish");
      indexes[collection] = await db.collection(collection).indexes();
      parts.push(await describePart(dir, { path, kind: "collection", count, target: collection }));
      progress(`database: ${collection}, ${count} documents`);
    }
    const path = "database/indexes.ejson";
    writeFileSync(join(dir, path), EJSON.stringify(indexes, { relaxed: false }));
    parts.push(await describePart(dir, { path, kind: "indexes", count: collections.length, target: name }));
    return parts;
  });
}

/** Inserts the dumped documents into an empty database and recreates the indexes; returns documents inserted. */
export function restoreDatabase(url: string, name: string, dir: string, parts: Part[]): Promise<Map<string, number>> {
  return withDb(url, name, async (db) => {
    const inserted = new Map<string, number>();
    for (const part of parts.filter((p) => p.kind === "collection")) {
      const collection = db.collection(part.target);
      let batch: Document[] = [];
      let count = 0;
      const flush = async () => {
        if (batch.length > 0) count += (await collection.insertMany(batch, { ordered: true })).insertedCount;
        batch = [];
      };
      const lines = createInterface({
        input: createReadStream(join(dir, part.path)),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (!line) continue;
        batch.push(EJSON.parse(line, { relaxed: false }) as Document);
        if (batch.length >= INSERT_BATCH) await flush();
      }
      await flush();
      inserted.set(part.target, count);
    }
    const indexPart = parts.find((p) => p.kind === "indexes");
    if (indexPart) {
      const indexes = EJSON.parse(readFileSync(join(dir, indexPart.path), "utf8"), { relaxed: false }) as Record<
        string,
        Document[]
      >;
      for (const [collection, specs] of Object.entries(indexes)) {
        const own = specs
          .filter((spec) => spec.name !== "_id_")
          .map(({ v: _v, ns: _ns, key, name: indexName, ...options }) => ({ key, name: indexName, ...options }));
        if (own.length > 0) await db.collection(collection).createIndexes(own as mongoose.mongo.IndexDescription[]);
      }
    }
    return inserted;
  });
}

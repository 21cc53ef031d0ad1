/**
 * Which backend the embedded MongoDB-compatible store should run on: FerretDB 1.24 on SQLite or on
 * PostgreSQL, measured with the plain MongoDB driver as the collection grows. FerretDB answers every
 * query by reading its collection, so each figure is printed as a ratio to its own value at the
 * smallest size (how it grows) and PostgreSQL's as a ratio to SQLite's at the same size (which one
 * to keep). The shapes are the product's: a document by `_id`, a page of one room's newest
 * messages, an update by `_id`, a batch insert, and a delete of many documents in batches.
 *
 * stdout: one JSON line per backend and size, then a summary line. stderr: progress.
 *
 *   node --import tsx tests/bench/store-growth.bench.ts --sizes 10000,100000   (1M: --max 1000000)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type FerretBackend, startMongo } from "@chalkline/server/embedded";
import mongoose from "mongoose";
import { parseFlags } from "./lib/options";
import { type BenchContext, runBench } from "./lib/run";

// The plain driver under mongoose: no models, no casting.
const { MongoClient, ObjectId } = mongoose.mongo;
type ObjectId = mongoose.mongo.ObjectId;
type Collection<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

const BENCH = "store-growth";
const BACKENDS: FerretBackend[] = ["sqlite", "postgresql"];
const ROOMS = 200;
const INSERT_BATCH = 500;
/** Each query is repeated until it has this many samples or this much time went by. */
const SAMPLES = 15;
const SAMPLE_BUDGET_MS = 8_000;

const FLAGS = {
  min: { key: "min", env: "BENCH_STORE_MIN", fallback: 10_000 },
  max: { key: "max", env: "BENCH_STORE_MAX", fallback: 100_000 },
} as const;

interface Figures {
  backend: FerretBackend;
  documents: number;
  fillDocsPerSecond: number;
  findByIdMs: number;
  roomPageMs: number;
  updateByIdMs: number;
  insertBatchMs: number;
  deleteBatchesMs: number;
}

type Measure = Exclude<keyof Figures, "backend" | "documents">;
const MEASURES: Measure[] = [
  "fillDocsPerSecond",
  "findByIdMs",
  "roomPageMs",
  "updateByIdMs",
  "insertBatchMs",
  "deleteBatchesMs",
];

async function main(ctx: BenchContext): Promise<void> {
  const opts = parseFlags(FLAGS, process.argv.slice(2), process.env, ctx.progress);
  const sizes = [opts.min];
  while (sizes.at(-1)! * 10 <= opts.max) sizes.push(sizes.at(-1)! * 10);
  const results = new Map<FerretBackend, Figures[]>();
  for (const backend of BACKENDS) results.set(backend, await measureBackend(ctx, backend, sizes));

  for (const backend of BACKENDS) {
    const figures = results.get(backend)!;
    for (const f of figures) {
      const growth = Object.fromEntries(MEASURES.map((m) => [m, round(f[m] / figures[0]![m])]));
      ctx.emit({ bench: BENCH, case: `${backend}-growth`, documents: f.documents, ratioToSmallest: growth });
    }
  }
  const [sqlite, postgres] = BACKENDS.map((b) => results.get(b)!);
  const versus = sizes.map((documents, i) => {
    const ratios = Object.fromEntries(MEASURES.map((m) => [m, round(postgres![i]![m] / sqlite![i]![m])]));
    return { documents, ...(ratios as Record<Measure, number>) };
  });
  // Lower is better for times; higher for the fill rate.
  const largest = versus.at(-1)!;
  const readsFaster = (["findByIdMs", "roomPageMs", "updateByIdMs"] as const).every((m) => largest[m] < 1);
  ctx.emit({
    bench: BENCH,
    case: "summary",
    postgresqlOverSqlite: versus,
    faster: readsFaster ? "postgresql" : "sqlite",
    note: "ratios < 1 for *Ms and > 1 for fillDocsPerSecond favour PostgreSQL",
  });
}

async function measureBackend(ctx: BenchContext, backend: FerretBackend, sizes: number[]): Promise<Figures[]> {
  const dataDir = await mkdtemp(join(tmpdir(), `chalkline-store-${backend}-`));
  ctx.cleanup.add(`${backend} data`, () => rm(dataDir, { recursive: true, force: true }));
  ctx.progress(`starting FerretDB on ${backend}`);
  const env = { ...process.env, FERRETDB_BACKEND: backend };
  const { value: store } = await ctx.cleanup.start(
    `FerretDB on ${backend}`,
    startMongo({ dataDir: join(dataDir, "store"), env }),
    (s) => s.stop(),
  );
  const client = await MongoClient.connect(store.url);
  const close = ctx.cleanup.add(`${backend} client`, () => client.close());
  const messages = client.db("bench").collection<Message>("messages");
  await messages.createIndex({ roomId: 1, seq: 1 }, { unique: true });
  const ids: ObjectId[] = [];
  const figures: Figures[] = [];
  let filled = 0;
  for (const documents of sizes) {
    ctx.progress(`${backend}: filling to ${documents} documents`);
    const started = performance.now();
    while (filled < documents) {
      const batch = messageBatch(filled, Math.min(INSERT_BATCH, documents - filled));
      await messages.insertMany(batch);
      for (const m of batch) ids.push(m._id);
      filled += batch.length;
    }
    const fillDocsPerSecond = (documents - (figures.at(-1)?.documents ?? 0)) / ((performance.now() - started) / 1000);
    ctx.progress(`${backend}: measuring at ${documents}`);
    const f: Figures = {
      backend,
      documents,
      fillDocsPerSecond: Math.round(fillDocsPerSecond),
      findByIdMs: await median((i) => messages.findOne({ _id: pick(ids, i) })),
      roomPageMs: await median((i) =>
        messages
          .find({ roomId: `room-${i % ROOMS}`, seq: { $gt: Math.max(0, documents / ROOMS - 100) } })
          .sort({ seq: 1 })
          .limit(50)
          .toArray(),
      ),
      updateByIdMs: await median((i) =>
        messages.updateOne({ _id: pick(ids, i * 31) }, { $set: { editedAt: new Date() } }),
      ),
      insertBatchMs: await median((i) =>
        messages.insertMany(messageBatch(10_000_000 + documents + i * INSERT_BATCH, INSERT_BATCH)),
      ),
      deleteBatchesMs: await timeDeleteInBatches(messages),
    };
    ctx.emit({ bench: BENCH, case: backend, ...f });
    figures.push(f);
  }
  await close();
  return figures;
}

interface Message {
  _id: ObjectId;
  roomId: string;
  seq: number;
  authorId: string;
  text: string;
  createdAt: Date;
  scratch?: boolean;
}

function messageBatch(from: number, count: number): Message[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      _id: new ObjectId(),
      roomId: `room-${n % ROOMS}`,
      seq: Math.floor(n / ROOMS) + 1,
      authorId: `user-${n % 997}`,
      text: `message ${n}: a sentence of ordinary classroom chat, about forty to sixty characters`,
      createdAt: new Date(),
    };
  });
}

/** Inserts 5,000 scratch documents, then deletes them 1,000 `_id`s at a time (the product's batch size). */
async function timeDeleteInBatches(messages: Collection<Message>): Promise<number> {
  const scratch = messageBatch(20_000_000, 5_000).map((m) => ({ ...m, scratch: true }));
  await messages.insertMany(scratch);
  const started = performance.now();
  for (let i = 0; i < scratch.length; i += 1_000) {
    await messages.deleteMany({ _id: { $in: scratch.slice(i, i + 1_000).map((m) => m._id) } });
  }
  return round(performance.now() - started);
}

function pick<T>(items: T[], i: number): T {
  return items[(i * 7919) % items.length]!;
}

async function median(run: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  const deadline = performance.now() + SAMPLE_BUDGET_MS;
  for (let i = 0; i < SAMPLES && (samples.length < 3 || performance.now() < deadline); i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return round(samples[Math.floor(samples.length / 2)]!);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await runBench(BENCH, main);

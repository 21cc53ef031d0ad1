/**
 * What the growth bench measures at each size: the calls a learner's browser makes, timed from a
 * real client against the running node, and the plain MongoDB driver's reads of the same
 * collections (the baseline: what the store itself costs at that size).
 */
import { performance } from "node:perf_hooks";
import type { AwardResultView, MessagePage, Wallet } from "@chalkline/shared";
import mongoose from "mongoose";
import { RECENT_WINDOW } from "../../../server/src/features/chat/chat.recent";
import { api, type ClientSocket, connectSocket } from "../../helpers/clients";
import { expectStatus } from "../../helpers/courses";
import { sendChat } from "./chalkline";
import { percentile, round } from "./fanout";
import { type Collection, FILLS } from "./growth-fill";
import { type GrowthFixture, quizAnswers } from "./growth-fixture";

/** p50 of every probe, p99 where it was sampled at least this often. */
export const P99_MIN_SAMPLES = 50;
const WARMUP = 5;
/** Messages a chat page shows. */
const PAGE = 50;
const SEED_IN_FLIGHT = 16;
const BASELINE_SAMPLES = 30;
/** Samples a probe takes however long they take. */
const MIN_SAMPLES = 10;

export interface Figure {
  p50Ms: number;
  p99Ms?: number;
  samples: number;
  /** A part of a page's probe: shown to tell what dominates, not judged on its own. */
  part?: boolean;
  /** For a baseline read: the store's plan. */
  plan?: string;
}
export type Figures = Record<string, Figure>;

/** Probe name → the baseline reads of the collections on its path, to tell which one grew. */
export const STORE_PATHS: Record<string, string[]> = {
  "chat:send": ["messages findOne _id", "messages room page"],
  "chat:history": ["messages room page"],
  // One or two bucket documents of 100 messages by `_id` (chat.buckets.ts): a collection a hundredth the size.
  "chat:history (old page)": ["messages findOne _id"],
  "chat:since": ["messages room page"],
  "room:join": [],
  // Ledger reads go to Redis (ledger.cache.ts); awards only insert, whose unique indexes stay fast.
  "award (grant → balance visible)": [],
  "balance (GET /api/me/progress)": [],
  "ledger (GET /api/me/ledger)": [],
  // The layout's notifications come from each user's inbox in Redis (notifications.inbox.ts).
  dashboard: [],
  "course page": [],
  // A submission inserts its attempt and tally entry and reads per-lesson and per-learner summaries.
  "quiz submission": [],
};

/** The calls each page of the web app makes when it opens, the (app) layout's included. */
const LAYOUT = ["/api/notifications?limit=20", "/api/rooms"];
function pages(fixture: GrowthFixture): Record<string, string[]> {
  return {
    dashboard: ["/api/me/progress", "/api/me/course-progress", ...LAYOUT],
    "course page": [`/api/courses/${fixture.classes[0]!.course.id}`, ...LAYOUT],
  };
}

/** Measures the probes; one socket of the probe learner stays connected in the measured room. */
export class GrowthProbes {
  #n = 0;

  private constructor(
    private readonly url: string,
    private readonly fixture: GrowthFixture,
    private readonly socket: ClientSocket,
    private readonly samples: number,
    private readonly budgetMs: number,
  ) {}

  /** `samples` per probe, or as many as fit in `budgetMs`. */
  static async open(url: string, fixture: GrowthFixture, samples: number, budgetMs: number): Promise<GrowthProbes> {
    const { socket } = await connectSocket(url, fixture.probe.accessToken);
    return new GrowthProbes(url, fixture, socket, samples, budgetMs);
  }

  /**
   * Gives the measured room more history than Redis keeps, by a page for every old-page sample and
   * warm-up: the smallest size may not have that many. Sent several at a time, as a busy class does.
   */
  async seedRoom(): Promise<void> {
    const roomId = this.fixture.classes[0]!.roomId;
    let left = RECENT_WINDOW + (this.samples + WARMUP + 1) * PAGE;
    await Promise.all(
      Array.from({ length: SEED_IN_FLIGHT }, async () => {
        while (left-- > 0) {
          await sendChat(this.socket, roomId, `probe-seed-${left}`, "an earlier message of the class");
        }
      }),
    );
  }

  close(): void {
    this.socket.close();
  }

  async measure(progress: (line: string) => void): Promise<Figures> {
    const figures: Figures = {};
    const roomId = this.fixture.classes[0]!.roomId;
    const token = this.fixture.probe.accessToken;
    const ack = async <T>(result: Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>) => {
      const answer = await result;
      if (!answer.ok) throw new Error(`refused: ${answer.error.code}`);
      return answer.data;
    };
    const probe = async (name: string, samples: number, run: (i: number) => Promise<unknown>) => {
      const figure = await timed(samples, run, this.budgetMs);
      figures[name] = figure;
      progress(`  ${name}: p50 ${figure.p50Ms} ms${figure.p99Ms === undefined ? "" : `, p99 ${figure.p99Ms} ms`}`);
    };

    await probe("chat:send", this.samples * 2, () =>
      sendChat(this.socket, roomId, `probe-msg-${this.#next()}`, "a probe's ordinary chat message"),
    );
    const newest = await ack<MessagePage>(this.socket.emitWithAck("chat:history", { roomId, limit: PAGE }));
    const lastSeq = newest.messages.at(-1)!.seq;
    await probe("chat:history", this.samples, () =>
      ack(this.socket.emitWithAck("chat:history", { roomId, limit: PAGE })),
    );
    // Older than Redis keeps, so served by the store. A page read is kept in Redis: each sample
    // (and warm-up) reads the page below the one before, one no other read.
    const below = lastSeq - RECENT_WINDOW;
    await probe("chat:history (old page)", this.samples, (i) =>
      ack(this.socket.emitWithAck("chat:history", { roomId, beforeSeq: below - i * PAGE, limit: PAGE })),
    );
    await probe("chat:since", this.samples, () =>
      ack(this.socket.emitWithAck("chat:since", { roomId, afterSeq: Math.max(0, lastSeq - 50), limit: 100 })),
    );
    await probe("room:join", this.samples, () => ack(this.socket.emitWithAck("room:join", { roomId })));

    await probe("award (grant → balance visible)", Math.ceil(this.samples / 2), async () => {
      const body = { userId: this.fixture.probe.user.id, reason: "lesson_completed", key: `probe:${this.#next()}` };
      const admin = this.fixture.admin.accessToken;
      const grant = await api<AwardResultView>(this.url, "POST", "/api/admin/awards", { token: admin, body });
      const granted = expectStatus(grant, 201, "award");
      for (;;) {
        const wallet = expectStatus(await api<Wallet>(this.url, "GET", "/api/me/progress", { token }), 200, "balance");
        if (wallet.xp >= granted.xp) return;
      }
    });
    await probe("balance (GET /api/me/progress)", this.samples, async () =>
      expectStatus(await api(this.url, "GET", "/api/me/progress", { token }), 200, "balance"),
    );
    await probe("ledger (GET /api/me/ledger)", this.samples, async () =>
      expectStatus(await api(this.url, "GET", "/api/me/ledger?currency=points", { token }), 200, "ledger"),
    );
    for (const [page, paths] of Object.entries(pages(this.fixture))) {
      const parts = paths.map((): number[] => []);
      await probe(page, this.samples, (i) =>
        Promise.all(
          paths.map(async (path, p) => {
            const started = performance.now();
            expectStatus(await api(this.url, "GET", path, { token }), 200, path);
            // Warm-up runs are numbered from `samples` on.
            if (i < this.samples) parts[p]!.push(performance.now() - started);
          }),
        ),
      );
      paths.forEach((path, p) => {
        figures[`${page}: GET ${path.replace(/[0-9a-f]{24}/, ":id")}`] = { ...stats(parts[p]!), part: true };
      });
    }
    const { course } = this.fixture.classes[0]!;
    const lessons = this.fixture.quizLessonIds;
    await probe("quiz submission", Math.ceil(this.samples / 2), async (i) => {
      const path = `/api/courses/${course.id}/lessons/${lessons[i % lessons.length]}/attempts`;
      const body = { answers: quizAnswers(i % 2 === 0), requestId: `probe-quiz-${this.#next()}` };
      expectStatus(await api(this.url, "POST", path, { token, body }), 201, "quiz submission");
    });
    return figures;
  }

  #next(): number {
    return this.#n++;
  }
}

/** One baseline read: a query shape of the product, as the plain driver sends it. */
interface StoreRead {
  collection: Collection;
  filter: mongoose.mongo.Filter<mongoose.mongo.Document>;
  sort?: mongoose.mongo.Sort;
  limit?: number;
  count?: boolean;
}

/**
 * The plain driver's reads of the grown collections in the product's query shapes, each with the
 * store's plan for it (which scan its engine chose).
 */
export async function measureBaseline(
  mongoUrl: string,
  dbName: string,
  fixture: GrowthFixture,
  budgetMs: number,
): Promise<Figures> {
  const client = await mongoose.mongo.MongoClient.connect(mongoUrl);
  try {
    const db = client.db(dbName);
    const { ObjectId } = mongoose.Types;
    const roomId = new ObjectId(fixture.classes[0]!.roomId);
    const userId = new ObjectId(fixture.probe.user.id);
    const lessonId = new ObjectId(fixture.quizLessonIds[0]);
    const last = await db.collection("messages").find({ roomId }).sort({ seq: -1 }).limit(1).next();
    const middle = Math.max(2, Math.floor((last?.seq ?? 2) / 2));
    const reads: Record<string, StoreRead | StoreRead[]> = {};
    for (const collection of GROWING) {
      // The newest documents: an early match would let a scan stop short.
      const all = await db.collection(collection).countDocuments();
      const skip = Math.max(0, all - BASELINE_SAMPLES);
      const ids = await db
        .collection(collection)
        .find({}, { projection: { _id: 1 }, skip, limit: BASELINE_SAMPLES })
        .toArray();
      reads[`${collection} findOne _id`] = ids.map(({ _id }) => ({ collection, filter: { _id }, limit: 1 }));
    }
    Object.assign(reads, {
      "messages room page": {
        collection: "messages",
        filter: { roomId, seq: { $lt: middle } },
        sort: { seq: -1 },
        limit: 51,
      },
      "xpLedger key exists": { collection: "xpLedger", filter: { userId, key: "no-such-key" }, limit: 1 },
      "quizAttempts by learner": {
        collection: "quizAttempts",
        filter: { lessonId, userId },
        sort: { createdAt: -1 },
        limit: 50,
      },
      "notifications list": { collection: "notifications", filter: { userId }, sort: { _id: -1 }, limit: 21 },
      "notifications unread": { collection: "notifications", filter: { userId, readAt: null }, count: true },
    } satisfies Record<string, StoreRead>);
    const figures: Figures = {};
    for (const [name, spec] of Object.entries(reads)) {
      const specs = [spec].flat();
      const figure = await timed(BASELINE_SAMPLES, (i) => run(db, specs[i % specs.length]!), budgetMs);
      figures[name] = { ...figure, plan: await planOf(db, specs[0]!) };
    }
    return figures;
  } finally {
    await client.close();
  }
}

const GROWING: Collection[] = Object.values(FILLS).flat();

function run(db: mongoose.mongo.Db, read: StoreRead): Promise<unknown> {
  const collection = db.collection(read.collection);
  if (read.count) return collection.countDocuments(read.filter);
  return collection.find(read.filter, { sort: read.sort, limit: read.limit }).toArray();
}

/** The engine's access path for `read`: PostgreSQL's or SQLite's scan under FerretDB, mongod's stage. */
async function planOf(db: mongoose.mongo.Db, read: StoreRead): Promise<string> {
  const command = read.count
    ? { count: read.collection, query: read.filter }
    : { find: read.collection, filter: read.filter, ...(read.sort && { sort: read.sort }), limit: read.limit ?? 0 };
  const explained = await db.command({ explain: command }).catch((error: Error) => ({ error: error.message }));
  const text = JSON.stringify(explained);
  const scans = new Set(
    text.match(
      /(Index Only Scan|Bitmap Index Scan|Index Scan|Seq Scan|detail=(SEARCH|SCAN) \w+( USING [\w ]+)?|IXSCAN|COLLSCAN|IDHACK)/g,
    ),
  );
  const pushdown = (explained as { filterPushdown?: boolean }).filterPushdown;
  const plan = scans.size > 0 ? [...scans].join(" + ") : "unknown";
  return pushdown === undefined ? plan : `${plan}${pushdown ? "" : " (filter not pushed down)"}`;
}

/**
 * Runs `run` a few times unmeasured, then `samples` times one after the other, or fewer (at least
 * MIN_SAMPLES) when that takes longer than `budgetMs`: at a million documents one call can take seconds.
 */
async function timed(samples: number, run: (i: number) => Promise<unknown>, budgetMs: number): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await run(samples + i);
  const latencies: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < samples && (i < MIN_SAMPLES || performance.now() < deadline); i++) {
    const started = performance.now();
    await run(i);
    latencies.push(performance.now() - started);
  }
  return stats(latencies);
}

function stats(latencies: number[]): Figure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const figure: Figure = { p50Ms: round(percentile(sorted, 50), 2), samples: sorted.length };
  if (sorted.length >= P99_MIN_SAMPLES) figure.p99Ms = round(percentile(sorted, 99), 2);
  return figure;
}

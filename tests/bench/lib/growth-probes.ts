/**
 * What the growth bench measures at each size: the calls a learner's browser makes, timed from a
 * real client against the running node, and the plain MongoDB driver's reads of the same
 * collections (the baseline: what the store itself costs at that size).
 */
import { performance } from "node:perf_hooks";
import type { AwardResultView, MessagePage, Wallet } from "@chalkline/shared";
import mongoose from "mongoose";
import { api, type ClientSocket, connectSocket } from "../../helpers/clients";
import { expectStatus } from "../../helpers/courses";
import { sendChat } from "./chalkline";
import { percentile, round } from "./fanout";
import { type Collection, quizAnswers } from "./growth-fill";
import type { GrowthFixture } from "./growth-fixture";

/** p50 of every probe, p99 where it was sampled at least this often. */
export const P99_MIN_SAMPLES = 50;
const WARMUP = 5;
const BASELINE_SAMPLES = 30;

export interface Figure {
  p50Ms: number;
  p99Ms?: number;
  samples: number;
  /** A part of a page's probe: shown to tell what dominates, not judged on its own. */
  part?: boolean;
}
export type Figures = Record<string, Figure>;

/** Probe name → the baseline reads of the collections on its path, to tell which one grew. */
export const STORE_PATHS: Record<string, string[]> = {
  "chat:send": ["messages findOne _id", "messages room page"],
  "chat:history": ["messages room page"],
  "chat:history (old page)": ["messages room page"],
  "chat:since": ["messages room page"],
  "room:join": [],
  "award (grant → balance visible)": ["xpLedger findOne _id", "pointsLedger findOne _id", "xpLedger key exists"],
  "balance (GET /api/me/progress)": ["xpLedger findOne _id", "pointsLedger findOne _id"],
  "ledger (GET /api/me/ledger)": ["xpLedger findOne _id"],
  dashboard: ["notifications list", "notifications unread", "xpLedger findOne _id", "quizAttempts by learner"],
  "course page": ["notifications list", "notifications unread"],
  "quiz submission": ["quizAttempts findOne _id", "quizAttempts by learner", "xpLedger key exists"],
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
  ) {}

  static async open(url: string, fixture: GrowthFixture, samples: number): Promise<GrowthProbes> {
    const { socket } = await connectSocket(url, fixture.probe.accessToken);
    return new GrowthProbes(url, fixture, socket, samples);
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
      progress(`  ${name}`);
      figures[name] = await timed(samples, run);
    };

    await probe("chat:send", this.samples * 2, () =>
      sendChat(this.socket, roomId, `probe-msg-${this.#next()}`, "a probe's ordinary chat message"),
    );
    const newest = await ack<MessagePage>(this.socket.emitWithAck("chat:history", { roomId, limit: 50 }));
    const lastSeq = newest.messages.at(-1)!.seq;
    await probe("chat:history", this.samples, () =>
      ack(this.socket.emitWithAck("chat:history", { roomId, limit: 50 })),
    );
    // Older than Redis keeps: served by the store.
    const beforeSeq = Math.max(2, Math.floor(lastSeq / 2));
    await probe("chat:history (old page)", this.samples, () =>
      ack(this.socket.emitWithAck("chat:history", { roomId, beforeSeq, limit: 50 })),
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

/** The plain driver's reads of the grown collections, in the product's query shapes. */
export async function measureBaseline(mongoUrl: string, dbName: string, fixture: GrowthFixture): Promise<Figures> {
  const client = await mongoose.mongo.MongoClient.connect(mongoUrl);
  try {
    const db = client.db(dbName);
    const roomId = new mongoose.Types.ObjectId(fixture.classes[0]!.roomId);
    const userId = new mongoose.Types.ObjectId(fixture.probe.user.id);
    const lessonId = new mongoose.Types.ObjectId(fixture.quizLessonIds[0]);
    const last = await db.collection("messages").find({ roomId }).sort({ seq: -1 }).limit(1).next();
    const middle = Math.max(2, Math.floor((last?.seq ?? 2) / 2));
    const figures: Figures = {};
    const byId = async (collection: Collection) => {
      const ids = await db
        .collection(collection)
        .find({}, { projection: { _id: 1 } })
        .limit(BASELINE_SAMPLES)
        .toArray();
      figures[`${collection} findOne _id`] = await timed(BASELINE_SAMPLES, (i) =>
        db.collection(collection).findOne({ _id: ids[i % ids.length]!._id }),
      );
    };
    for (const collection of [
      "messages",
      "xpLedger",
      "pointsLedger",
      "quizAttempts",
      "attendanceIntervals",
      "notifications",
    ] as const) {
      await byId(collection);
    }
    const reads: Record<string, () => Promise<unknown>> = {
      "messages room page": () =>
        db
          .collection("messages")
          .find({ roomId, seq: { $lt: middle } })
          .sort({ seq: -1 })
          .limit(51)
          .toArray(),
      "xpLedger key exists": () =>
        db.collection("xpLedger").findOne({ userId, key: "no-such-key" }, { projection: { _id: 1 } }),
      "quizAttempts by learner": () =>
        db.collection("quizAttempts").find({ lessonId, userId }).sort({ createdAt: -1 }).limit(50).toArray(),
      "notifications list": () => db.collection("notifications").find({ userId }).sort({ _id: -1 }).limit(21).toArray(),
      "notifications unread": () => db.collection("notifications").countDocuments({ userId, readAt: null }),
    };
    for (const [name, read] of Object.entries(reads)) figures[name] = await timed(BASELINE_SAMPLES, read);
    return figures;
  } finally {
    await client.close();
  }
}

/** Runs `run` a few times unmeasured, then `samples` times one after the other. */
async function timed(samples: number, run: (i: number) => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < WARMUP; i++) await run(samples + i);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
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

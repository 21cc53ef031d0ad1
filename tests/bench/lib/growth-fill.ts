/**
 * The growth bench's fills: each growing collection grown to a size through the product's own write
 * path. Chat goes over real sockets to the running node, which group-commits each room's messages.
 * The rest calls the server's services in this process, against the node's database and Redis key
 * prefix: over HTTP, a million ledger entries or quiz attempts would take hours. Awards, quiz
 * submissions and attendance slow down as their collections grow (see growth-bulk.ts): unless told
 * otherwise, the services write them for a bounded time and the rest is inserted in bulk.
 */
import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { User } from "../../../server/src/features/accounts/user.model";
import { enroll } from "../../../server/src/features/courses/catalog.service";
import type { Actor } from "../../../server/src/features/rooms/rooms.access";
import { type ClientSocket, connectSocket } from "../../helpers/clients";
import type { TestServices } from "../../helpers/global-services";
import { sendChat } from "./chalkline";
import { BulkWriter } from "./growth-bulk";
import { type GrowthFixture, PASS_EVERY, quizAnswers } from "./growth-fixture";
import { type FillServices, openFillServices } from "./growth-services";

/** The collections that grow with use, by what fills them. */
export const FILLS = {
  chat: ["messages"],
  awards: ["xpLedger", "pointsLedger"],
  quizzes: ["quizAttempts"],
  attendance: ["attendanceIntervals"],
  notifications: ["notifications"],
} as const;
export type FillName = keyof typeof FILLS;
export type Collection = (typeof FILLS)[FillName][number];

/** Fills whose service path reads the collections it grows; these may be finished in bulk. */
export const BULKABLE: ReadonlySet<FillName> = new Set(["awards", "quizzes", "attendance"]);

export interface Phase {
  documents: number;
  seconds: number;
  docsPerSecond: number;
}

export interface FillResult {
  fill: FillName;
  /** Each of the fill's collections' documents before and after. */
  from: Partial<Record<Collection, number>>;
  to: Partial<Record<Collection, number>>;
  /** Through the product's write path; `documents` counts the fill's first collection. */
  viaService: Phase;
  viaBulk?: Phase;
}

/** People one mention notifies: a message that names a few classmates. */
const MENTIONED = 4;
const LIVE_CLASSES = 20;
/** Ledger entries and notifications of the probe learner before the first measurement: past any page. */
const PROBE_HISTORY = 60;

/** Grows the collections, a fixed number of writes in flight, and reports the rates. */
export class GrowthFill {
  #n = 0;
  readonly #sockets: Array<{ socket: ClientSocket; roomId: string }> = [];

  private constructor(
    private readonly fixture: GrowthFixture,
    private readonly fillUsers: Actor[],
    private readonly liveClassIds: string[],
    private readonly services: FillServices,
    private readonly inFlight: { service: number; chat: number },
    private readonly bulk: BulkWriter,
  ) {}

  /**
   * Connects this process to the node's stores, makes `users` learners enrolled in the first
   * class (the quiz takers, award earners and people mentioned; not the chat senders, who signed
   * up over HTTP) and schedules the live classes whose attendance grows.
   */
  static async open(opts: {
    services: TestServices;
    dbName: string;
    keyPrefix: string;
    fixture: GrowthFixture;
    users: number;
    inFlight: { service: number; chat: number };
  }): Promise<GrowthFill> {
    const services = await openFillServices(opts.services, opts.dbName, opts.keyPrefix);
    const courseId = opts.fixture.classes[0]!.course.id;
    const users: Actor[] = [];
    for (let i = 0; i < opts.users; i++) {
      const user = await User.create({
        email: `fill-${i}-${opts.dbName}@example.test`,
        passwordHash: "-",
        displayName: `Filler ${i}`,
        role: "learner",
      });
      const actor: Actor = { id: user.id, displayName: user.displayName, role: "learner" };
      await enroll(actor, courseId);
      users.push(actor);
    }
    const host = opts.fixture.instructor.user;
    const liveClassIds: string[] = [];
    for (let i = 0; i < LIVE_CLASSES; i++) {
      const roomId = opts.fixture.classes[i % opts.fixture.classes.length]!.roomId;
      const scheduledAt = new Date(Date.now() + (i + 1) * 3_600_000).toISOString();
      const live = await services.live.schedule(roomId, host, {
        title: `Class ${i}`,
        scheduledAt,
        durationMinutes: 60,
      });
      liveClassIds.push(live.id);
    }
    const bulk = await BulkWriter.create({
      tag: opts.dbName,
      learners: opts.users,
      quizTakers: users.map((u) => u.id),
      courseId,
      lessonIds: opts.fixture.quizLessonIds,
      liveClassIds,
    });
    return new GrowthFill(opts.fixture, users, liveClassIds, services, opts.inFlight, bulk);
  }

  /** One socket per chat learner, each talking in its own class room. */
  async connectChat(url: string): Promise<void> {
    for (const c of this.fixture.classes) {
      for (const learner of c.learners) {
        const { socket } = await connectSocket(url, learner.accessToken);
        this.#sockets.push({ socket, roomId: c.roomId });
      }
    }
  }

  /**
   * Gives the probe learner more history than any of its pages shows (ledger, notifications) and
   * every quiz passed once, so what the probes add changes no page and no award path between sizes.
   */
  async seedProbe(): Promise<void> {
    const { probe, classes, quizLessonIds } = this.fixture;
    const actor: Actor = { id: probe.user.id, displayName: probe.user.displayName, role: "learner" };
    const { awards, quizzes, notifications } = this.services;
    for (let i = 0; i < PROBE_HISTORY; i++) {
      await awards.award({ userId: actor.id, reason: "lesson_completed", key: `probe-seed:${i}` });
      await notifications.notify([actor.id], {
        kind: "mention",
        text: `@you, see message ${i}`,
        wording: { id: "mention", params: { name: "Probe", room: "Class", excerpt: `see message ${i}` } },
        roomId: classes[0]!.roomId,
      });
    }
    for (const lessonId of quizLessonIds) {
      for (const right of [true, false]) {
        await quizzes.submit(actor, classes[0]!.course.id, lessonId, { answers: quizAnswers(right) });
      }
    }
  }

  async close(): Promise<void> {
    for (const { socket } of this.#sockets) socket.close();
    await this.services.close();
  }

  /** How many documents a collection holds now. */
  static count(collection: Collection): Promise<number> {
    return mongoose.connection.db!.collection(collection).countDocuments();
  }

  /**
   * Grows the fill's collections to `target` documents through the services; with `serviceSeconds`,
   * the services stop writing then and, with `bulk`, the rest is inserted in bulk.
   */
  async fill(
    name: FillName,
    target: number,
    opts: { serviceSeconds?: number; bulk?: boolean } = {},
  ): Promise<FillResult> {
    const [first] = FILLS[name];
    const from = await GrowthFill.counts(name);
    const started = performance.now();
    const deadline = opts.serviceSeconds === undefined ? Infinity : started + opts.serviceSeconds * 1000;
    // A mention notifies several people at once; every other write adds one document.
    let left = Math.ceil((target - from[first]!) / (name === "notifications" ? MENTIONED : 1));
    const take = () => left-- > 0 && performance.now() < deadline;
    if (name === "chat") await this.#chat(take);
    else await this.#parallel(this.inFlight.service, take, (n) => this.#one(name, n));
    const served = await GrowthFill.counts(name);
    const result: FillResult = {
      fill: name,
      from,
      to: served,
      viaService: phase(from[first]!, served[first]!, started),
    };
    if (!opts.bulk || !BULKABLE.has(name) || served[first]! >= target) return result;

    const bulkStarted = performance.now();
    if (name === "awards") {
      await this.bulk.ledger("xp", target - served.xpLedger!);
      await this.bulk.ledger("points", target - served.pointsLedger!);
    } else if (name === "quizzes") await this.bulk.quizAttempts(target - served.quizAttempts!);
    else await this.bulk.attendance(target - served.attendanceIntervals!);
    result.to = await GrowthFill.counts(name);
    result.viaBulk = phase(served[first]!, result.to[first]!, bulkStarted);
    return result;
  }

  static async counts(name: FillName): Promise<Partial<Record<Collection, number>>> {
    const counts: Partial<Record<Collection, number>> = {};
    for (const collection of FILLS[name]) counts[collection] = await GrowthFill.count(collection);
    return counts;
  }

  /** One write of the fill; `n` is unique across the run. */
  #one(name: Exclude<FillName, "chat">, n: number): Promise<unknown> {
    const user = this.fillUsers[n % this.fillUsers.length]!;
    const { awards, quizzes, live, notifications } = this.services;
    const { classes, quizLessonIds } = this.fixture;
    switch (name) {
      case "awards":
        return awards.award({ userId: user.id, reason: "lesson_completed", key: `fill:${n}`, courseId: null });
      case "quizzes": {
        const lessonId = quizLessonIds[n % quizLessonIds.length]!;
        const answers = quizAnswers(n % PASS_EVERY === 0);
        return quizzes.submit(user, classes[0]!.course.id, lessonId, { answers, requestId: `fill-quiz-${n}` });
      }
      case "attendance": {
        const liveClassId = this.liveClassIds[n % this.liveClassIds.length]!;
        const socketId = `fill-socket-${n}`;
        return live
          .attendanceJoin(liveClassId, user.id, socketId)
          .then(() => live.attendanceLeave(liveClassId, socketId));
      }
      case "notifications": {
        const mentioned = Array.from(
          { length: MENTIONED },
          (_, i) => this.fillUsers[(n + i) % this.fillUsers.length]!.id,
        );
        const roomId = classes[0]!.roomId;
        return notifications.notify(mentioned, {
          kind: "mention",
          text: `@you, see message ${n}`,
          wording: { id: "mention", params: { name: "Fill", room: "Class", excerpt: `see message ${n}` } },
          roomId,
          messageSeq: n,
        });
      }
    }
  }

  /** Runs `concurrency` workers that each take a slot and write until none is left. */
  async #parallel(concurrency: number, take: () => boolean, write: (n: number) => Promise<unknown>): Promise<void> {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (take()) await write(this.#n++);
      }),
    );
  }

  /** Every chat learner sends into its room, the sends in flight spread over the sockets, each awaiting its ack. */
  async #chat(take: () => boolean): Promise<void> {
    const inFlight = Math.max(1, Math.round(this.inFlight.chat / this.#sockets.length));
    await Promise.all(
      this.#sockets.map(({ socket, roomId }) =>
        this.#parallel(inFlight, take, (n) => sendChat(socket, roomId, `fill-msg-${n}`, `fill message ${n}`)),
      ),
    );
  }
}

function phase(from: number, to: number, startedAt: number): Phase {
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    documents: to - from,
    seconds: Math.round(seconds * 10) / 10,
    docsPerSecond: Math.round((to - from) / seconds),
  };
}

import type { ClassPolls, PollAsk, PollResponse, PollResults, PollResultsEvent, PollView } from "@chalkline/shared";
import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { Coalescer } from "../leaderboards/leaderboards.coalesce";
import { LiveClass } from "../live/live.model";
import type { LiveService } from "../live/live.service";
import { type Actor, moderatorIds, type RoomAccess, roomAccess } from "../rooms/rooms.access";
import type { WaitingRoomService } from "../waiting-room/waiting-room.service";
import { PollRecord } from "./polls.model";
import { forLearners, tally } from "./polls.results";
import { type Poll, PollsStore } from "./polls.store";

/** Results reach the instructors at most this often per poll and node. */
const RESULTS_PUSH_MS = 250;

/** How the service reaches sockets without knowing Socket.IO (wired in polls.socket.ts). */
export interface PollsPush {
  /** To the whole class room. */
  room(roomId: string, event: "poll:asked" | "poll:closed", poll: PollView): void;
  /** To each of the room's instructors. */
  hosts(hostIds: string[], event: PollResultsEvent): void;
}

export interface PollsParts {
  redis: RedisClient;
  prefix: string;
  live: Pick<LiveService, "current">;
  push: PollsPush;
  /** Only learners the class's waiting room let in answer. */
  admissions: Pick<WaitingRoomService, "requireAdmitted">;
  onError: (error: unknown) => void;
}

/**
 * Polls in live classes. A poll lives in Redis while open (PollsStore: one answer per learner,
 * whichever node they answer on); closing it stores its results with the class in MongoDB, once.
 * Standing in the room is read fresh on every command.
 */
export class PollsService {
  readonly #store: PollsStore;
  readonly #live: Pick<LiveService, "current">;
  readonly #push: PollsPush;
  readonly #admissions: Pick<WaitingRoomService, "requireAdmitted">;
  readonly #results: Coalescer;

  constructor(parts: PollsParts) {
    this.#store = new PollsStore(parts.redis, parts.prefix);
    this.#live = parts.live;
    this.#push = parts.push;
    this.#admissions = parts.admissions;
    this.#results = new Coalescer(RESULTS_PUSH_MS, (pollId) => this.#pushResults(pollId), parts.onError);
  }

  close(): void {
    this.#results.close();
  }

  /** The live class's current poll as the actor sees it; null when none was asked in this class. */
  async state(access: RoomAccess, actor: Actor): Promise<PollView | null> {
    requireClassRoom(access);
    const [id, live] = await Promise.all([this.#store.currentId(access.room.id), this.#live.current(access.room.id)]);
    const poll = id ? await this.#store.read(id) : null;
    if (!poll || !live || poll.liveClassId !== live.id) return null;
    return this.#view(poll, access.canModerate ? null : actor.id);
  }

  async ask(access: RoomAccess, actor: Actor, body: Omit<PollAsk, "roomId">): Promise<PollView> {
    requireHost(access);
    const roomId = access.room.id;
    const live = await this.#live.current(roomId);
    if (!live) throw new AppError("conflict", "polls are asked during a live class; start it first");
    const currentId = await this.#store.currentId(roomId);
    const current = await this.#settled(currentId, live.id);
    if (current?.status === "open") throw new AppError("conflict", "a poll is open in this class; close it first");
    const kind = body.kind;
    const poll: Poll = {
      id: new mongoose.Types.ObjectId().toHexString(),
      roomId,
      liveClassId: live.id,
      askedBy: actor.id,
      question: body.question,
      kind,
      options: kind === "text" ? [] : (body.options ?? []),
      anonymous: body.anonymous ?? false,
      status: "open",
      askedAt: Date.now(),
    };
    if (!(await this.#store.open(poll, currentId))) {
      throw new AppError("conflict", "another poll was asked here meanwhile");
    }
    this.#push.room(roomId, "poll:asked", await this.#view(poll, ""));
    return this.#view(poll, null);
  }

  /** A learner's answer, kept until the poll closes; answering again replaces it. */
  async answer(access: RoomAccess, actor: Actor, pollId: string, response: PollResponse): Promise<PollView> {
    if (access.canModerate || !access.member) throw new AppError("forbidden", "only the class's learners answer");
    const poll = await this.#read(access, pollId);
    await this.#admissions.requireAdmitted(access, actor.id, poll.liveClassId);
    checkResponse(poll, response);
    if (!(await this.#store.answer(poll, actor.id, actor.displayName, response))) {
      throw new AppError("conflict", "this poll is closed");
    }
    this.#results.touch(poll.id);
    return this.#view(poll, actor.id);
  }

  /** Closes the poll and stores its results with the class; closing again stores what is missing. */
  async closePoll(access: RoomAccess, pollId: string): Promise<PollView> {
    requireHost(access);
    await this.#read(access, pollId);
    const closed = await this.#closeAndStore(pollId);
    if (!closed) throw new AppError("not_found", "that poll is over and forgotten");
    return closed;
  }

  /** The live class ended: its open poll closes with it, results stored with the class. */
  async endOfClass(roomId: string, liveClassId: string): Promise<void> {
    const id = await this.#store.currentId(roomId);
    const poll = id ? await this.#store.read(id) : null;
    if (poll?.status === "open" && poll.liveClassId === liveClassId) await this.#closeAndStore(poll.id);
  }

  /** Closes the poll (or finds it closed), stores its results once and tells the room; null once it is forgotten. */
  async #closeAndStore(pollId: string): Promise<PollView | null> {
    const outcome = await this.#store.close(pollId);
    const poll = outcome === "missing" ? null : await this.#store.read(pollId);
    if (!poll) return null;
    const results = tally(poll, await this.#store.answers(poll.id));
    await store(poll, results);
    if (outcome === "closed") {
      this.#push.room(poll.roomId, "poll:closed", await this.#view(poll, ""));
      this.#results.touch(poll.id);
    }
    return { ...toView(poll, null), results };
  }

  /** A class's closed polls with their results; learners see them as they saw them at the close. */
  async ofClass(liveClassId: string, actor: Actor): Promise<ClassPolls> {
    const liveClass = await LiveClass.findById(liveClassId, { roomId: 1 });
    if (!liveClass) throw new AppError("not_found", "no such class");
    const roomId = String(liveClass.roomId);
    const access = await roomAccess(roomId, actor);
    await this.#settled(await this.#store.currentId(roomId), (await this.#live.current(roomId))?.id ?? null);
    const records = await PollRecord.find({ liveClassId }).sort({ askedAt: 1 }).lean();
    return {
      polls: records.map((r) => {
        const poll: Poll = {
          id: r._id,
          roomId: String(r.roomId),
          liveClassId: String(r.liveClassId),
          askedBy: String(r.askedBy),
          question: r.question,
          kind: r.kind,
          options: r.options,
          anonymous: r.anonymous,
          status: "closed",
          askedAt: r.askedAt.getTime(),
          closedAt: r.closedAt.getTime(),
        };
        const results = r.results as PollResults;
        return { ...toView(poll, null), results: access.canModerate ? results : forLearners(poll.kind, results) };
      }),
    };
  }

  /**
   * The room's current poll, closed and stored first when it was left open in a class that has
   * ended since: its results are kept with that class even though nobody closed it.
   */
  async #settled(pollId: string | null, liveClassId: string | null): Promise<Poll | null> {
    const poll = pollId ? await this.#store.read(pollId) : null;
    if (poll?.status !== "open" || poll.liveClassId === liveClassId) return poll;
    await this.#store.close(poll.id);
    const closed = await this.#store.read(poll.id);
    if (closed) await store(closed, tally(closed, await this.#store.answers(closed.id)));
    return closed;
  }

  async #read(access: RoomAccess, pollId: string): Promise<Poll> {
    const poll = await this.#store.read(pollId);
    if (!poll || poll.roomId !== access.room.id) throw new AppError("not_found", "no such poll in this room");
    return poll;
  }

  /** The poll as one viewer sees it: `null` for the instructors, a learner's id, or "" for the room at large. */
  async #view(poll: Poll, viewerId: string | null): Promise<PollView> {
    if (viewerId === null) return { ...toView(poll, null), results: tally(poll, await this.#store.answers(poll.id)) };
    const mine = viewerId ? await this.#store.answerOf(poll.id, viewerId) : null;
    const results =
      poll.status === "closed" ? forLearners(poll.kind, tally(poll, await this.#store.answers(poll.id))) : null;
    return { ...toView(poll, mine), results };
  }

  async #pushResults(pollId: string): Promise<void> {
    const poll = await this.#store.read(pollId);
    if (!poll) return;
    const [answers, hostIds] = await Promise.all([this.#store.answers(pollId), moderatorIds(poll.roomId)]);
    this.#push.hosts(hostIds, { roomId: poll.roomId, pollId, results: tally(poll, answers) });
  }
}

function toView(poll: Poll, mine: PollResponse | null): Omit<PollView, "results"> {
  return {
    roomId: poll.roomId,
    pollId: poll.id,
    liveClassId: poll.liveClassId,
    question: poll.question,
    kind: poll.kind,
    options: poll.options,
    anonymous: poll.anonymous,
    status: poll.status,
    askedAt: new Date(poll.askedAt).toISOString(),
    closedAt: poll.closedAt === undefined ? null : new Date(poll.closedAt).toISOString(),
    mine,
  };
}

/** Idempotent: the poll's id is the record's, so a second store finds the first. */
async function store(poll: Poll, results: PollResults): Promise<void> {
  try {
    await PollRecord.create({
      _id: poll.id,
      roomId: poll.roomId,
      liveClassId: poll.liveClassId,
      askedBy: poll.askedBy,
      question: poll.question,
      kind: poll.kind,
      options: poll.options,
      anonymous: poll.anonymous,
      askedAt: new Date(poll.askedAt),
      closedAt: new Date(poll.closedAt ?? Date.now()),
      results,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

function checkResponse(poll: Poll, response: PollResponse): void {
  if (poll.kind === "text") {
    if (!("text" in response)) throw new AppError("invalid_payload", "response: a text for this poll");
    return;
  }
  if (!("choices" in response)) throw new AppError("invalid_payload", "response: choices for this poll");
  const { choices } = response;
  if (new Set(choices).size !== choices.length || choices.some((c) => c >= poll.options.length)) {
    throw new AppError("invalid_payload", "response: distinct options of this poll");
  }
  if (poll.kind === "single" && choices.length !== 1) {
    throw new AppError("invalid_payload", "response: exactly one option");
  }
}

function requireClassRoom(access: RoomAccess): void {
  if (access.room.kind !== "class") throw new AppError("forbidden", "polls run in class rooms");
}

function requireHost(access: RoomAccess): void {
  requireClassRoom(access);
  if (!access.canModerate) throw new AppError("forbidden", "only the class's instructors run polls");
}

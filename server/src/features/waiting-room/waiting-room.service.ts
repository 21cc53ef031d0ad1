import type { WaitingRoomDecided, WaitingRoomMode, WaitingRoomView } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import type { LiveService } from "../live/live.service";
import { type Actor, moderatorIds, type RoomAccess } from "../rooms/rooms.access";
import { waitingRoomKeys } from "./waiting-room.keys";
import { WaitingRoomSetting } from "./waiting-room.model";
import { ADMIT_ALL_SCRIPT, DECIDE_SCRIPT, ENTER_SCRIPT } from "./waiting-room.scripts";

/** Admissions outlive a forgotten class by this much, then Redis drops them. */
const ADMISSIONS_TTL_MS = 12 * 3600_000;

/** How the service reaches sockets without knowing Socket.IO (wired in waiting-room.socket.ts). */
export interface WaitingRoomPush {
  /** To each of the room's instructors. */
  hosts(hostIds: string[], view: WaitingRoomView): void;
  /** To one learner. */
  decided(userId: string, event: WaitingRoomDecided): void;
}

type EnterOutcome = "refused" | "admitted" | "locked" | "waiting" | "queued";

/**
 * The waiting room of class rooms' live classes: the mode is the room's (MongoDB), admissions are
 * the live class's (Redis, shared by every node, moved by scripts). A learner joining a live class
 * passes `enter` first; instructors always pass.
 */
export class WaitingRoomService {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly live: Pick<LiveService, "current">,
    private readonly push: WaitingRoomPush,
  ) {}

  /**
   * Lets a learner into live class `liveClassId`, or throws why not: `admission_pending` (they
   * wait; the instructors see them), `admission_refused`, `class_locked`.
   */
  async enter(access: RoomAccess, actor: Actor, liveClassId: string): Promise<void> {
    if (access.canModerate || access.room.kind !== "class") return;
    const roomId = access.room.id;
    const mode = await this.mode(roomId);
    const outcome = (await this.redis.eval(
      ENTER_SCRIPT,
      4,
      ...this.#keys(liveClassId),
      mode,
      actor.id,
      actor.displayName,
      ADMISSIONS_TTL_MS,
    )) as EnterOutcome;
    switch (outcome) {
      case "admitted":
        return;
      case "queued":
        await this.#publish(roomId);
        throw pending();
      case "waiting":
        throw pending();
      case "refused":
        throw new AppError("admission_refused", "the instructor did not let you into this class");
      case "locked":
        throw new AppError("class_locked", "this class is locked: nobody new may join");
    }
  }

  /**
   * Throws unless the learner was let into live class `liveClassId` (one lookup when they were):
   * `admission_refused` when refused, else `admission_pending`, as joining would answer.
   */
  async requireAdmitted(access: RoomAccess, userId: string, liveClassId: string): Promise<void> {
    if (access.canModerate || access.room.kind !== "class") return;
    const [, , admitted, refused] = this.#keys(liveClassId);
    if ((await this.redis.sismember(admitted, userId)) === 1) return;
    if ((await this.redis.sismember(refused, userId)) === 1) {
      throw new AppError("admission_refused", "the instructor did not let you into this class");
    }
    throw pending();
  }

  async view(access: RoomAccess): Promise<WaitingRoomView> {
    requireHost(access);
    return this.#view(access.room.id);
  }

  async setMode(access: RoomAccess, mode: WaitingRoomMode): Promise<WaitingRoomView> {
    requireHost(access);
    await WaitingRoomSetting.updateOne({ _id: access.room.id }, { $set: { mode } }, { upsert: true });
    return this.#publish(access.room.id);
  }

  async decide(access: RoomAccess, userId: string, admit: boolean): Promise<WaitingRoomView> {
    requireHost(access);
    const liveClassId = await this.#liveClassId(access.room.id);
    const moved = liveClassId
      ? await this.redis.eval(DECIDE_SCRIPT, 4, ...this.#keys(liveClassId), userId, admit ? 1 : 0, ADMISSIONS_TTL_MS)
      : 0;
    if (moved !== 1) throw new AppError("not_found", "that learner is not waiting");
    this.push.decided(userId, { roomId: access.room.id, admitted: admit });
    return this.#publish(access.room.id);
  }

  async admitAll(access: RoomAccess): Promise<WaitingRoomView> {
    requireHost(access);
    const liveClassId = await this.#liveClassId(access.room.id);
    const admitted = liveClassId
      ? ((await this.redis.eval(ADMIT_ALL_SCRIPT, 4, ...this.#keys(liveClassId), ADMISSIONS_TTL_MS)) as string[])
      : [];
    for (const userId of admitted) this.push.decided(userId, { roomId: access.room.id, admitted: true });
    return this.#publish(access.room.id);
  }

  async mode(roomId: string): Promise<WaitingRoomMode> {
    const setting = await WaitingRoomSetting.findById(roomId, { mode: 1 }).lean();
    return (setting?.mode as WaitingRoomMode | undefined) ?? "open";
  }

  async #publish(roomId: string): Promise<WaitingRoomView> {
    const [view, hostIds] = await Promise.all([this.#view(roomId), moderatorIds(roomId)]);
    this.push.hosts(hostIds, view);
    return view;
  }

  async #view(roomId: string): Promise<WaitingRoomView> {
    const [mode, liveClassId] = await Promise.all([this.mode(roomId), this.#liveClassId(roomId)]);
    if (!liveClassId) return { roomId, mode, liveClassId, waiting: [] };
    const [waitingKey, namesKey] = this.#keys(liveClassId);
    const [raw, names] = await Promise.all([
      this.redis.zrange(waitingKey, 0, -1, "WITHSCORES"),
      this.redis.hgetall(namesKey),
    ]);
    const waiting: WaitingRoomView["waiting"] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const id = raw[i]!;
      waiting.push({
        user: { id, displayName: names[id] ?? "Learner" },
        since: new Date(Number(raw[i + 1])).toISOString(),
      });
    }
    return { roomId, mode, liveClassId, waiting };
  }

  async #liveClassId(roomId: string): Promise<string | null> {
    return (await this.live.current(roomId))?.id ?? null;
  }

  #keys(liveClassId: string): [string, string, string, string] {
    const k = waitingRoomKeys;
    return [
      k.waiting(this.prefix, liveClassId),
      k.names(this.prefix, liveClassId),
      k.admitted(this.prefix, liveClassId),
      k.refused(this.prefix, liveClassId),
    ];
  }
}

function pending(): AppError {
  return new AppError("admission_pending", "you are in the waiting room; the instructor will let you in");
}

function requireHost(access: RoomAccess): void {
  if (access.room.kind !== "class") throw new AppError("forbidden", "waiting rooms belong to class rooms");
  if (!access.canModerate) throw new AppError("forbidden", "only the class's instructors run its waiting room");
}

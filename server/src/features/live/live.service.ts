import type { AttendanceList, LiveState, ScheduleLiveClassBody } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey, updateInBatches } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { countDailyOnce } from "../analytics/analytics.counters";
import { type Actor, type RoomAccess, requireModerator, roomAccess } from "../rooms/rooms.access";
import { RoomMember } from "../rooms/rooms.model";
import { userRefs } from "../rooms/rooms.view";
import { mergeStretches, totalMinutes } from "./live.attendance";
import { AttendanceWriter } from "./live.attendance-writer";
import { liveKeys } from "./live.keys";
import { AttendanceInterval, LiveClass, type LiveClassDoc } from "./live.model";
import { permissionsFor } from "./live.permissions";
import { toLiveClassView } from "./live.view";

/** An unscheduled class started on the spot lasts this long on the calendar. */
const AD_HOC_MINUTES = 60;
/** Stage and hard mute outlive a forgotten class by this much, then Redis drops them. */
const STATE_TTL_S = 12 * 3600;

/**
 * Live classes: scheduling, starting and ending, the stage and hard mute (Redis, shared by every
 * node), what each participant may publish, and attendance (MongoDB). Media is not its business.
 */
export class LiveService {
  private readonly startListeners: Array<(liveClass: LiveClassDoc) => Promise<void>> = [];
  private readonly endListeners: Array<(liveClass: LiveClassDoc) => Promise<void>> = [];
  private readonly attendanceWriter = new AttendanceWriter();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Calls `listener` once with each class this node takes live (not again for a start that finds it live). */
  onStarted(listener: (liveClass: LiveClassDoc) => Promise<void>): void {
    this.startListeners.push(listener);
  }

  /**
   * Calls `listener` with each class this node ends, before the end is answered: what belongs to
   * the class (its breakouts, its open poll) is over by the time anyone hears the class is.
   */
  onEnded(listener: (liveClass: LiveClassDoc) => Promise<void>): void {
    this.endListeners.push(listener);
  }

  async schedule(roomId: string, actor: Actor, body: ScheduleLiveClassBody) {
    const access = await requireModerator(roomId, actor);
    requireClassRoom(access);
    const created = new LiveClass({
      roomId,
      courseId: access.room.courseId,
      title: body.title,
      scheduledAt: new Date(body.scheduledAt),
      durationMinutes: body.durationMinutes,
    });
    created.activeKey = created.id;
    await created.save();
    return toLiveClassView(created);
  }

  async list(roomId: string, actor: Actor) {
    await roomAccess(roomId, actor);
    const found = await LiveClass.find({ roomId }).sort({ scheduledAt: -1, _id: -1 }).limit(100);
    return found.map(toLiveClassView);
  }

  current(roomId: string): Promise<LiveClassDoc | null> {
    return LiveClass.findOne({ activeKey: roomId });
  }

  /** The room's live state as everyone sees it. */
  async state(access: RoomAccess): Promise<LiveState> {
    const roomId = access.room.id;
    const classRoomId = access.room.kind === "breakout" ? String(access.room.parentRoomId) : roomId;
    const [liveClass, stage, hardMuted, hosts] = await Promise.all([
      access.room.kind === "class" || access.room.kind === "breakout" ? this.current(classRoomId) : null,
      this.redis.smembers(liveKeys.stage(this.prefix, roomId)),
      this.redis.exists(liveKeys.hardMute(this.prefix, roomId)),
      RoomMember.find({ roomId, moderator: true, removedAt: null }, { userId: 1 }),
    ]);
    return {
      roomId,
      liveClass: liveClass ? toLiveClassView(liveClass) : null,
      open: access.room.kind === "study" || liveClass !== null,
      stage: stage.sort(),
      hardMuted: hardMuted === 1,
      hostIds: hosts.map((h) => String(h.userId)),
    };
  }

  /** What `userId` may publish in the room now; `isHost` is their standing, read fresh by the caller. */
  permissions(access: RoomAccess, state: LiveState, userId: string, isHost: boolean) {
    return permissionsFor({
      kind: access.room.kind,
      open: state.open,
      isHost,
      onStage: state.stage.includes(userId),
      hardMuted: state.hardMuted,
    });
  }

  /**
   * Starts the scheduled class named, or else one due within the next hour, or else an unscheduled
   * one. Starting the class that is already live answers it again; another live class is `conflict`.
   */
  async start(access: RoomAccess, liveClassId?: string): Promise<LiveClassDoc> {
    requireClassRoom(access);
    const roomId = access.room.id;
    const live = await this.current(roomId);
    if (live && (liveClassId === undefined || live.id === liveClassId)) return live;
    if (live) throw new AppError("conflict", "another class is live in this room; end it first");
    const chosen = liveClassId
      ? await LiveClass.findOne({ _id: liveClassId, roomId })
      : await LiveClass.findOne({
          roomId,
          status: "scheduled",
          scheduledAt: { $lte: new Date(Date.now() + 3_600_000) },
        }).sort({ scheduledAt: 1 });
    if (liveClassId && !chosen) throw new AppError("not_found", "no such class in this room");
    // Started meanwhile by another teacher or node: that start is this one's answer.
    if (chosen?.status === "live") return chosen;
    if (chosen && chosen.status !== "scheduled") throw new AppError("conflict", "this class has already ended");
    const now = new Date();
    let started: LiveClassDoc | null;
    try {
      started = chosen
        ? await LiveClass.findOneAndUpdate(
            { _id: chosen.id, status: "scheduled" },
            { $set: { status: "live", startedAt: now, activeKey: roomId } },
            { new: true },
          )
        : await LiveClass.create({
            roomId,
            courseId: access.room.courseId,
            title: "Live class",
            scheduledAt: now,
            durationMinutes: AD_HOC_MINUTES,
            status: "live",
            startedAt: now,
            activeKey: roomId,
          });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.current(roomId);
      if (winner && (liveClassId === undefined || winner.id === liveClassId)) return winner;
      throw new AppError("conflict", "another class went live in this room meanwhile");
    }
    if (!started) {
      const winner = await this.current(roomId);
      if (winner && winner.id === chosen?.id) return winner;
      throw new AppError("conflict", "this class was started or ended meanwhile");
    }
    await Promise.all(this.startListeners.map((listener) => listener(started)));
    return started;
  }

  /** Ends the live class: attendance is closed at this moment, the stage and hard mute are cleared. */
  async end(access: RoomAccess): Promise<LiveClassDoc> {
    requireClassRoom(access);
    const live = await this.current(access.room.id);
    if (!live) throw new AppError("conflict", "no class is live in this room");
    const endedAt = new Date();
    const ended = await LiveClass.findOneAndUpdate(
      { _id: live.id, status: "live" },
      { $set: { status: "ended", endedAt, activeKey: live.id } },
      { new: true },
    );
    if (!ended) throw new AppError("conflict", "the class was ended meanwhile");
    await updateInBatches(AttendanceInterval, { liveClassId: live.id, leftAt: null }, { $set: { leftAt: endedAt } });
    await this.redis.del(liveKeys.stage(this.prefix, access.room.id), liveKeys.hardMute(this.prefix, access.room.id));
    await Promise.all(this.endListeners.map((listener) => listener(ended)));
    return ended;
  }

  async setOnStage(roomId: string, userId: string, onStage: boolean): Promise<void> {
    const key = liveKeys.stage(this.prefix, roomId);
    if (onStage) await this.redis.multi().sadd(key, userId).expire(key, STATE_TTL_S).exec();
    else await this.redis.srem(key, userId);
  }

  async setHardMute(roomId: string, on: boolean): Promise<void> {
    const key = liveKeys.hardMute(this.prefix, roomId);
    if (on) await this.redis.set(key, "1", "EX", STATE_TTL_S);
    else await this.redis.del(key);
  }

  /** A socket entered the class's media; a socket already in it keeps its open stretch. */
  attendanceJoin(liveClassId: string, userId: string, socketId: string): Promise<void> {
    countDailyOnce(`attended:${liveClassId}`, userId, { attendances: 1 });
    return this.attendanceWriter.join(liveClassId, userId, socketId);
  }

  attendanceLeave(liveClassId: string, socketId: string): Promise<void> {
    return this.attendanceWriter.leave(liveClassId, socketId);
  }

  /** Everyone who attended, with their merged stretches and minutes; for the room's moderators. */
  async attendance(liveClassId: string, actor: Actor): Promise<AttendanceList> {
    const liveClass = await LiveClass.findById(liveClassId);
    if (!liveClass) throw new AppError("not_found", "no such class");
    await requireModerator(String(liveClass.roomId), actor);
    const intervals = await AttendanceInterval.find({ liveClassId }).sort({ joinedAt: 1 });
    const byUser = new Map<string, typeof intervals>();
    for (const i of intervals) byUser.set(String(i.userId), [...(byUser.get(String(i.userId)) ?? []), i]);
    const refs = await userRefs(byUser.keys());
    const until = liveClass.endedAt ?? new Date();
    const attendance = [...byUser].flatMap(([userId, stretches]) => {
      const user = refs.get(userId);
      if (!user) return [];
      const merged = mergeStretches(stretches, until);
      return [
        {
          user: { id: user.id, displayName: user.displayName },
          intervals: stretches.map((s) => ({
            joinedAt: s.joinedAt.toISOString(),
            leftAt: s.leftAt?.toISOString() ?? null,
          })),
          totalMinutes: totalMinutes(merged),
        },
      ];
    });
    return { liveClass: toLiveClassView(liveClass), attendance };
  }
}

function requireClassRoom(access: RoomAccess): void {
  if (access.room.kind !== "class") throw new AppError("forbidden", "live classes are held in class rooms");
}

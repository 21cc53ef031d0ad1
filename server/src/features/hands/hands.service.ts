import type { HandQueue } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { Course } from "../courses/courses.model";
import type { NotificationsService } from "../notifications/notifications.service";
import type { Actor, RoomAccess } from "../rooms/rooms.access";
import { userRefs } from "../rooms/rooms.view";
import { handsKeys } from "./hands.keys";

const QUEUE_TTL_S = 12 * 3600;
const CALL_COOLDOWN_S = 60;

/** Raised hands: a queue per room in arrival order, live state in Redis shared by every node. */
export class HandsService {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly notifications: NotificationsService,
  ) {}

  async queue(roomId: string): Promise<HandQueue> {
    const raw = await this.redis.zrange(handsKeys.queue(this.prefix, roomId), 0, -1, "WITHSCORES");
    const entries: Array<[string, number]> = [];
    for (let i = 0; i < raw.length; i += 2) entries.push([raw[i]!, Number(raw[i + 1])]);
    const refs = await userRefs(entries.map(([id]) => id));
    return {
      roomId,
      hands: entries.flatMap(([id, at]) => {
        const user = refs.get(id);
        return user ? [{ user, raisedAt: new Date(at).toISOString() }] : [];
      }),
    };
  }

  /** Raising twice keeps the first place in the queue. */
  async raise(access: RoomAccess, actor: Actor): Promise<HandQueue> {
    // In a breakout, a raised hand is the room asking the instructor for help.
    if (access.room.kind !== "class" && access.room.kind !== "study" && access.room.kind !== "breakout") {
      throw new AppError("forbidden", "hands are raised in class, study and breakout rooms");
    }
    const key = handsKeys.queue(this.prefix, access.room.id);
    await this.redis.multi().zadd(key, "NX", Date.now(), actor.id).expire(key, QUEUE_TTL_S).exec();
    return this.queue(access.room.id);
  }

  /** Your own hand, or anyone's for a moderator. */
  async lower(access: RoomAccess, actor: Actor, userId: string): Promise<HandQueue> {
    if (userId !== actor.id && !access.canModerate)
      throw new AppError("forbidden", "only moderators lower others' hands");
    await this.redis.zrem(handsKeys.queue(this.prefix, access.room.id), userId);
    return this.queue(access.room.id);
  }

  async answer(access: RoomAccess, actor: Actor, userId: string): Promise<HandQueue> {
    if (!access.canModerate) throw new AppError("forbidden", "only moderators answer hands");
    const removed = await this.redis.zrem(handsKeys.queue(this.prefix, access.room.id), userId);
    if (removed === 0) throw new AppError("not_found", "that hand is not raised");
    await this.notifications.notify([userId], {
      kind: "hand_answered",
      text: `${actor.displayName} is answering your raised hand in ${access.room.name}`,
      wording: { id: "hand_answered", params: { name: actor.displayName, room: access.room.name } },
      roomId: access.room.id,
      from: { id: actor.id, displayName: actor.displayName },
    });
    return this.queue(access.room.id);
  }

  async clear(access: RoomAccess): Promise<HandQueue> {
    if (!access.canModerate) throw new AppError("forbidden", "only moderators clear the queue");
    await this.redis.del(handsKeys.queue(this.prefix, access.room.id));
    return { roomId: access.room.id, hands: [] };
  }

  /** From a study room tied to a course: notifies that course's instructor, at most once a minute. */
  async callInstructor(access: RoomAccess, actor: Actor): Promise<void> {
    const { room } = access;
    if (room.kind !== "study" || !room.courseId)
      throw new AppError("not_found", "this study room has no course instructor");
    const course = await Course.findById(room.courseId);
    if (!course) throw new AppError("not_found", "the course is gone");
    const cooldown = handsKeys.callCooldown(this.prefix, room.id, actor.id);
    if ((await this.redis.set(cooldown, "1", "EX", CALL_COOLDOWN_S, "NX")) !== "OK") {
      throw new AppError("rate_limited", "the instructor was just called", {
        retryAfterSeconds: CALL_COOLDOWN_S,
        limit: "instructor_calls",
      });
    }
    await this.notifications.notify([String(course.instructorId)], {
      kind: "instructor_called",
      text: `${actor.displayName} asks for help in the study room “${room.name}” (${course.title})`,
      wording: {
        id: "instructor_called",
        params: { name: actor.displayName, room: room.name, course: course.title },
      },
      roomId: room.id,
      from: { id: actor.id, displayName: actor.displayName },
    });
  }
}

import { type ClassTimerView, classTimerViewSchema } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import type { RoomAccess } from "../rooms/rooms.access";
import { classTimerKeys } from "./class-timer.keys";
import { CLASS_TIMER_SCRIPT } from "./class-timer.scripts";

/** A forgotten timer leaves Redis this long after it was started. */
const TIMER_TTL_MS = 12 * 3600_000;

const replySchema = classTimerViewSchema.omit({ roomId: true });

type TimerCommand = "read" | "start" | "pause" | "resume";

/**
 * A class room's exercise countdown. It lives in Redis only, on Redis's clock (class-timer.scripts.ts),
 * so every node answers the same deadline; the instructor starts, pauses, resumes and ends it.
 */
export class ClassTimers {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async read(access: RoomAccess): Promise<ClassTimerView | null> {
    requireClassRoom(access);
    return this.#run(access.room.id, "read", []);
  }

  async start(access: RoomAccess, seconds: number, label: string): Promise<ClassTimerView> {
    requireHost(access);
    const timer = await this.#run(access.room.id, "start", [seconds * 1000, label]);
    if (!timer) throw new AppError("internal", "the timer did not start");
    return timer;
  }

  async pause(access: RoomAccess): Promise<ClassTimerView> {
    requireHost(access);
    return this.#existing(await this.#run(access.room.id, "pause", []));
  }

  async resume(access: RoomAccess): Promise<ClassTimerView> {
    requireHost(access);
    return this.#existing(await this.#run(access.room.id, "resume", []));
  }

  async end(access: RoomAccess): Promise<void> {
    requireHost(access);
    await this.redis.del(classTimerKeys.timer(this.prefix, access.room.id));
  }

  #existing(timer: ClassTimerView | null): ClassTimerView {
    if (!timer) throw new AppError("not_found", "no timer is running in this class");
    return timer;
  }

  async #run(roomId: string, command: TimerCommand, args: Array<string | number>): Promise<ClassTimerView | null> {
    const reply = (await this.redis.eval(
      CLASS_TIMER_SCRIPT,
      1,
      classTimerKeys.timer(this.prefix, roomId),
      command,
      TIMER_TTL_MS,
      ...args,
    )) as string | null;
    return reply === null ? null : { roomId, ...replySchema.parse(JSON.parse(reply)) };
  }
}

function requireClassRoom(access: RoomAccess): void {
  if (access.room.kind !== "class") throw new AppError("forbidden", "class timers run in class rooms");
}

function requireHost(access: RoomAccess): void {
  requireClassRoom(access);
  if (!access.canModerate) throw new AppError("forbidden", "only the class's instructors run its timer");
}

import { type GroupTimerView, groupTimerViewSchema, periodKeys } from "@chalkline/shared";
import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { GROUP_SCRIPT } from "./group.scripts";
import type { StudyPlans } from "./plans.service";
import { studyKeys } from "./study.keys";

/** A room's timer nobody touched for this long is forgotten. */
const GROUP_TIMER_TTL_MS = 12 * 3600_000;

type GroupCommand = "read" | "start" | "pause" | "resume" | "skip" | "join" | "leave";

// cjson encodes an empty table as an object: an empty `focusing` list arrives as `{}`.
const listSchema = z.union([z.array(z.string()), z.object({}).transform((): string[] => [])]);
const completedSchema = z.object({ endedAt: z.number(), minutes: z.number().int(), members: listSchema });
const scriptReplySchema = groupTimerViewSchema.omit({ roomId: true, focusing: true }).extend({
  changed: z.number(),
  focusing: listSchema,
  completed: z.union([z.array(completedSchema), z.object({}).transform(() => [])]),
});

/** A focus phase of a room's timer that ended with members focusing in it. */
export interface GroupFocusCompleted {
  roomId: string;
  endedAt: Date;
  minutes: number;
  members: string[];
}

export interface GroupTimerAnswer {
  view: GroupTimerView | null;
  /** True when members should be told (a command or a phase ending moved the timer). */
  changed: boolean;
}

/**
 * Study rooms' shared pomodoro (group.scripts.ts). Its lengths are those of the member who starts
 * it; its state lives in Redis only, on Redis's clock, so every node answers the same `endsAt`.
 */
export class GroupTimers {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly plans: StudyPlans,
    /** Told once per completed focus phase: its members' minutes count as their study. */
    private readonly onFocusCompleted: (completed: GroupFocusCompleted) => Promise<void>,
  ) {}

  read(roomId: string): Promise<GroupTimerAnswer> {
    return this.#run(roomId, "read", []);
  }

  async start(roomId: string, userId: string): Promise<GroupTimerAnswer> {
    const s = await this.plans.settings(userId);
    return this.#run(roomId, "start", [
      userId,
      s.focusSeconds * 1000,
      s.breakSeconds * 1000,
      s.longBreakSeconds * 1000,
      s.longBreakEvery,
    ]);
  }

  /** pause, resume and skip act on the room's timer; join and leave on the member's place in it. */
  command(roomId: string, command: Exclude<GroupCommand, "read" | "start">, userId: string): Promise<GroupTimerAnswer> {
    return this.#run(roomId, command, [userId]);
  }

  async #run(roomId: string, command: GroupCommand, args: (string | number)[]): Promise<GroupTimerAnswer> {
    const today = periodKeys(new Date(), "UTC").day;
    const reply = (await this.redis.eval(
      GROUP_SCRIPT,
      3,
      studyKeys.groupTimer(this.prefix, roomId),
      studyKeys.groupFocusing(this.prefix, roomId),
      studyKeys.groupFocusOnDay(this.prefix, roomId, today),
      command,
      GROUP_TIMER_TTL_MS,
      ...args,
    )) as string | null;
    if (reply === null) return { view: null, changed: false };
    const { changed, completed, ...view } = scriptReplySchema.parse(JSON.parse(reply));
    for (const phase of completed) {
      await this.onFocusCompleted({ roomId, ...phase, endedAt: new Date(phase.endedAt) });
    }
    return { view: { roomId, ...view }, changed: changed === 1 };
  }
}

import { POLL_KINDS, type PollResponse, pollResponseSchema } from "@chalkline/shared";
import { z } from "zod";
import type { RedisClient } from "../../platform/redis";
import { pollsKeys } from "./polls.keys";
import { ANSWER_SCRIPT, CLOSE_SCRIPT, POINT_SCRIPT } from "./polls.scripts";

/** A poll, its answers and the room's pointer leave Redis this long after the poll was asked. */
const POLL_TTL_MS = 12 * 3600_000;

/** A poll as Redis holds it; checked on every read, like any message crossing a boundary. */
const pollSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  liveClassId: z.string(),
  askedBy: z.string(),
  question: z.string(),
  kind: z.enum(POLL_KINDS),
  options: z
    .string()
    .transform((text) => JSON.parse(text) as unknown)
    .pipe(z.array(z.string())),
  anonymous: z.enum(["0", "1"]).transform((flag) => flag === "1"),
  status: z.enum(["open", "closed"]),
  askedAt: z.coerce.number(),
  closedAt: z.coerce.number().optional(),
});
export type Poll = z.infer<typeof pollSchema>;
export type NewPoll = Omit<Poll, "status" | "closedAt">;

const storedResponseSchema = z
  .string()
  .transform((text) => JSON.parse(text) as unknown)
  .pipe(pollResponseSchema);

/** One learner's answer, with their name when the poll is named. */
export interface StoredAnswer {
  userId: string;
  displayName: string | null;
  response: PollResponse;
}

/** Polls' live state in Redis: any node serves any participant, and answers are counted in one place. */
export class PollsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  currentId(roomId: string): Promise<string | null> {
    return this.redis.get(pollsKeys.room(this.prefix, roomId));
  }

  async read(pollId: string): Promise<Poll | null> {
    const hash = await this.redis.hgetall(pollsKeys.poll(this.prefix, pollId));
    return Object.keys(hash).length === 0 ? null : pollSchema.parse({ ...hash, id: pollId });
  }

  /** Stores `poll` and makes it the room's current one, unless the room's pointer moved off `expected`. */
  async open(poll: NewPoll, expected: string | null): Promise<boolean> {
    const key = pollsKeys.poll(this.prefix, poll.id);
    await this.redis
      .multi()
      .hset(key, {
        roomId: poll.roomId,
        liveClassId: poll.liveClassId,
        askedBy: poll.askedBy,
        question: poll.question,
        kind: poll.kind,
        options: JSON.stringify(poll.options),
        anonymous: poll.anonymous ? "1" : "0",
        status: "open",
        askedAt: poll.askedAt,
      })
      .pexpire(key, POLL_TTL_MS)
      .exec();
    const pointed = await this.redis.eval(
      POINT_SCRIPT,
      1,
      pollsKeys.room(this.prefix, poll.roomId),
      expected ?? "",
      poll.id,
      POLL_TTL_MS,
    );
    if (pointed !== 1) await this.redis.del(key);
    return pointed === 1;
  }

  /** Keeps the learner's answer; false when the poll is no longer open. */
  async answer(poll: Poll, userId: string, displayName: string, response: PollResponse): Promise<boolean> {
    const kept = await this.redis.eval(
      ANSWER_SCRIPT,
      3,
      pollsKeys.poll(this.prefix, poll.id),
      pollsKeys.answers(this.prefix, poll.id),
      pollsKeys.names(this.prefix, poll.id),
      userId,
      JSON.stringify(response),
      poll.anonymous ? "" : displayName,
      POLL_TTL_MS,
    );
    return kept === 1;
  }

  /** Closes the poll: `closed` for the one call that did, `was-closed` after, `missing` when forgotten. */
  async close(pollId: string): Promise<"closed" | "was-closed" | "missing"> {
    const outcome = await this.redis.eval(CLOSE_SCRIPT, 1, pollsKeys.poll(this.prefix, pollId));
    return outcome === 1 ? "closed" : outcome === 0 ? "was-closed" : "missing";
  }

  async answerOf(pollId: string, userId: string): Promise<PollResponse | null> {
    const raw = await this.redis.hget(pollsKeys.answers(this.prefix, pollId), userId);
    return raw === null ? null : storedResponseSchema.parse(raw);
  }

  /** Every answer, in one read of each hash, so a tally sees one moment. */
  async answers(pollId: string): Promise<StoredAnswer[]> {
    const [answers, names] = await Promise.all([
      this.redis.hgetall(pollsKeys.answers(this.prefix, pollId)),
      this.redis.hgetall(pollsKeys.names(this.prefix, pollId)),
    ]);
    return Object.entries(answers).map(([userId, raw]) => ({
      userId,
      displayName: names[userId] ?? null,
      response: storedResponseSchema.parse(raw),
    }));
  }
}

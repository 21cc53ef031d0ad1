import { mentionTokens } from "@chalkline/shared";
import { escapeRegex } from "../../platform/mongo";
import type { RedisClient } from "../../platform/redis";
import { User } from "../accounts/user.model";
import type { RoomDoc } from "../rooms/rooms.model";
import { RoomMember } from "../rooms/rooms.model";
import { chatKeys } from "./chat.keys";

const NOTICE_WINDOW_MS = 60_000;
const handleOf = (displayName: string) => displayName.toLowerCase().replace(/\s+/g, "");
const firstNameOf = (displayName: string) => displayName.toLowerCase().split(/\s+/)[0] ?? "";

export interface MentionLimits {
  /** People one message can mention; further names are left as text. */
  perMessage: number;
  /** Mention notifications one sender can cause per minute, over every node; further ones are not sent. */
  noticesPerSenderPerMinute: number;
}

/** Who a message mentions, and how many of them its sender may still notify. */
export class Mentions {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: MentionLimits,
  ) {}

  /**
   * Resolves `@name` tokens to the ids of users who can read the room, at most `perMessage`:
   * `@ada` and `@adalovelace` both reach "Ada Lovelace". Nobody is notified about a room they
   * cannot open.
   */
  async resolve(room: RoomDoc, text: string, authorId: string): Promise<string[]> {
    const tokens = [...new Set(mentionTokens(text))].slice(0, this.limits.perMessage);
    if (tokens.length === 0) return [];
    // "@adalovelace" must find "Ada Lovelace": allow spaces between the token's characters.
    const loose = (token: string) => [...token].map(escapeRegex).join("\\s*");
    const pattern = new RegExp(`^(${tokens.map(loose).join("|")})`, "i");
    const candidates = await User.find({ displayName: pattern, disabled: false }, { displayName: 1 }).limit(50);
    const matched = candidates.filter((u) =>
      tokens.some((t) => t === handleOf(u.displayName) || t === firstNameOf(u.displayName)),
    );
    let ids = matched.map((u) => u.id).filter((id) => id !== authorId);
    if (room.kind !== "lobby" && ids.length > 0) {
      const members = await RoomMember.find({ roomId: room._id, userId: { $in: ids }, removedAt: null }, { userId: 1 });
      const allowed = new Set(members.map((m) => String(m.userId)));
      ids = ids.filter((id) => allowed.has(id));
    }
    // A first name can match several people: the cap is on people, not on tokens.
    return ids.slice(0, this.limits.perMessage);
  }

  /**
   * The first of `mentioned` that `senderId` may still notify this minute. The count is one Redis
   * counter per sender and minute, taken whole by every node at once, so a storm spread over
   * nodes and messages still notifies at most the allowance.
   */
  async notifiable(senderId: string, mentioned: string[]): Promise<string[]> {
    if (mentioned.length === 0) return [];
    const window = Math.floor(Date.now() / NOTICE_WINDOW_MS);
    const key = chatKeys.mentionNotices(this.prefix, senderId, window);
    const [[, total]] = (await this.redis
      .multi()
      .incrby(key, mentioned.length)
      .pexpire(key, NOTICE_WINDOW_MS)
      .exec()) as [[Error | null, number]];
    const before = total - mentioned.length;
    return mentioned.slice(0, Math.max(0, this.limits.noticesPerSenderPerMinute - before));
  }
}

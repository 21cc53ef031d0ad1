import { mentionTokens } from "@chalkline/shared";
import { escapeRegex } from "../../platform/mongo";
import { User } from "../accounts/user.model";
import type { RoomDoc } from "../rooms/rooms.model";
import { RoomMember } from "../rooms/rooms.model";

const MAX_MENTIONS = 10;
const handleOf = (displayName: string) => displayName.toLowerCase().replace(/\s+/g, "");
const firstNameOf = (displayName: string) => displayName.toLowerCase().split(/\s+/)[0] ?? "";

/**
 * Resolves `@name` tokens to the ids of users who can read the room: `@ada` and `@adalovelace`
 * both reach "Ada Lovelace". Nobody is notified about a room they cannot open.
 */
export async function resolveMentions(room: RoomDoc, text: string, authorId: string): Promise<string[]> {
  const tokens = [...new Set(mentionTokens(text))].slice(0, MAX_MENTIONS);
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
  return ids;
}

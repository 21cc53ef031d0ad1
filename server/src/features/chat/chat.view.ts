import type { ChatMessage, Role } from "@chalkline/shared";
import type { MessageDoc } from "./chat.model";

export function toMessageView(m: MessageDoc): ChatMessage {
  const reactions: Record<string, string[]> = {};
  for (const entry of m.reactions) {
    const [emoji, userId] = entry.split("|") as [string, string];
    reactions[emoji] = [...(reactions[emoji] ?? []), userId];
  }
  return {
    id: m.id,
    roomId: String(m.roomId),
    seq: m.seq,
    clientMsgId: m.clientMsgId,
    author: { id: String(m.authorId), displayName: m.authorName, role: m.authorRole as Role },
    text: m.deletedAt ? "" : m.text,
    mentions: m.deletedAt ? [] : m.mentions,
    reactions: m.deletedAt ? {} : reactions,
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

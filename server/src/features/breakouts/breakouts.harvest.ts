import { Message } from "../chat/chat.model";
import { YDocRecord } from "../collab/collab.model";
import type { CollabStore } from "../collab/collab.store";
import { boardShapes, codeText } from "./breakouts.content";
import { type BreakoutSessionDoc, BreakoutSnapshotRecord } from "./breakouts.model";

/** Chat lines kept per room: a breakout's conversation, not an archive. */
const MAX_CHAT_LINES = 2_000;

/**
 * Copies what one room holds (its code file, its board, its chat) into the room's snapshot. Reads
 * only the stores, never a node's memory, and replaces the snapshot whole under its fixed id: run
 * again after a crash, it writes the same snapshot, and nothing written before the crash is lost.
 */
export async function harvestRoom(
  session: BreakoutSessionDoc,
  room: BreakoutSessionDoc["rooms"][number],
  store: CollabStore,
): Promise<void> {
  if (!room.roomId || !room.codeDocId || !room.boardDocId) return;
  const [codeDoc, code, shapes, messages] = await Promise.all([
    YDocRecord.findById(room.codeDocId, { name: 1, language: 1 }),
    codeText(store, String(room.codeDocId)),
    boardShapes(store, String(room.boardDocId)),
    Message.find({ roomId: room.roomId, deletedAt: null }).sort({ seq: 1 }).limit(MAX_CHAT_LINES),
  ]);
  const memberIds = [...(session.assignments as Map<string, string>)]
    .filter(([, key]) => key === room.key)
    .map(([userId]) => userId);
  await BreakoutSnapshotRecord.replaceOne(
    { _id: `${session.id}:${room.key}` },
    {
      sessionId: session._id,
      liveClassId: session.liveClassId,
      roomId: room.roomId,
      name: room.name,
      memberIds,
      code: { name: codeDoc?.name ?? "main", language: codeDoc?.language ?? "plain", text: code },
      shapes,
      chat: messages.map((m) => ({
        seq: m.seq,
        authorId: String(m.authorId),
        authorName: m.authorName,
        text: m.text,
        at: m.createdAt,
      })),
      harvestedAt: new Date(),
    },
    { upsert: true },
  );
}

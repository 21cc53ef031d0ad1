import type { BreakoutTemplate, CodeLanguage, Shape } from "@chalkline/shared";
import { isDuplicateKey } from "../../platform/mongo";
import { YDocRecord } from "../collab/collab.model";
import type { CollabStore } from "../collab/collab.store";
import { RoomMember } from "../rooms/rooms.model";
import { upsertRoom } from "../rooms/rooms.service";
import { boardShapes, boardState, codeState } from "./breakouts.content";
import type { BreakoutSessionDoc } from "./breakouts.model";

export const BOARD_NAME = "Whiteboard";

export interface OpenedRoom {
  key: string;
  name: string;
  roomId: string;
  codeDocId: string;
  boardDocId: string;
}

/**
 * Creates each room of the session with its code file and board seeded from the template. Safe to
 * run twice or on two nodes at once: rooms are keyed by session and room key, documents by room and
 * name, so a second run finds what the first made.
 */
export async function openRooms(session: BreakoutSessionDoc, store: CollabStore): Promise<OpenedRoom[]> {
  const template = session.template as BreakoutTemplate;
  const seedShapes = template.board === "main" ? await mainBoardShapes(String(session.mainRoomId), store) : [];
  return Promise.all(
    session.rooms.map(async (planned) => {
      const room = await upsertRoom({
        key: `breakout:${session.id}:${planned.key}`,
        kind: "breakout",
        name: planned.name,
        ...(session.courseId ? { courseId: String(session.courseId) } : {}),
        parentRoomId: String(session.mainRoomId),
      });
      const [code, board] = await Promise.all([
        seedDoc(room.id, {
          kind: "code",
          name: template.code.name,
          language: template.code.language,
          snapshot: codeState(template.code.text),
        }),
        seedDoc(room.id, { kind: "board", name: BOARD_NAME, language: "plain", snapshot: boardState(seedShapes) }),
      ]);
      return { key: planned.key, name: planned.name, roomId: room.id, codeDocId: code, boardDocId: board };
    }),
  );
}

async function seedDoc(
  roomId: string,
  fields: { kind: "code" | "board"; name: string; language: CodeLanguage; snapshot: Buffer },
): Promise<string> {
  try {
    const created = await YDocRecord.create({ roomId, ...fields, compactedAt: new Date() });
    return created.id;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await YDocRecord.findOne({ roomId, name: fields.name }, { _id: 1 });
    if (!existing) throw error;
    return existing.id;
  }
}

async function mainBoardShapes(mainRoomId: string, store: CollabStore): Promise<Shape[]> {
  const board = await YDocRecord.findOne({ roomId: mainRoomId, kind: "board" }, { _id: 1 }).sort({ createdAt: 1 });
  return board ? boardShapes(store, board.id) : [];
}

/**
 * Makes `userId` a member of the room (again, after a move or a removal): the access check of every
 * chat message, media command and document connection reads this.
 */
export async function admit(roomId: string, userId: string, moderator: boolean): Promise<void> {
  await RoomMember.updateOne(
    { roomId, userId },
    {
      $set: { moderator, removedAt: null },
      $setOnInsert: { roomId, userId, lastReadSeq: 0, mutedUntil: null },
    },
    { upsert: true },
  );
}

/** Ends `userId`'s membership: from now on the room refuses them everywhere. */
export async function dismiss(roomId: string, userId: string): Promise<void> {
  await RoomMember.updateOne({ roomId, userId, removedAt: null }, { $set: { removedAt: new Date() } });
}

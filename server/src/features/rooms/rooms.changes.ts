import type { Query } from "mongoose";

/**
 * What changed: one membership (both ids), a room and every membership of it (`roomId`), all of one
 * user's memberships (`userId`), or anything (neither).
 */
export interface RoomChange {
  roomId?: string;
  userId?: string;
}

type Listener = (change: RoomChange) => void;
const listeners = new Set<Listener>();

/** Hears every write to rooms and memberships made through their models on this node. */
export function onRoomChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceRoomChange(change: RoomChange): void {
  for (const listener of listeners) listener(change);
}

/** Fields whose changes do not affect who may do what in a room (unread counters). */
const BOOKKEEPING = new Set(["lastSeq", "lastReadSeq", "updatedAt"]);

/**
 * The change a write query made, or null when it only moved counters (an upsert that inserted
 * nothing leaves its `$setOnInsert` unused). A filter without the room or user it touches
 * announces the widest change (`{}`: everything), never a narrower one.
 */
export function changeOfQuery(query: Query<unknown, unknown>, result: unknown): RoomChange | null {
  const update = query.getUpdate() as Record<string, unknown> | null;
  if (update && onlyBookkeeping(update, !inserted(result))) return null;
  const filter = query.getFilter() as Record<string, unknown>;
  const model = query.model.modelName;
  const roomId = model === "Room" ? plainId(filter._id) : plainId(filter.roomId);
  const userId = model === "RoomMember" ? plainId(filter.userId) : undefined;
  return { ...(roomId ? { roomId } : {}), ...(userId ? { userId } : {}) };
}

function onlyBookkeeping(update: Record<string, unknown>, noInsert: boolean): boolean {
  return Object.entries(update).every(([key, value]) =>
    key === "$setOnInsert"
      ? noInsert
      : key.startsWith("$")
        ? value !== null && typeof value === "object" && Object.keys(value).every((field) => BOOKKEEPING.has(field))
        : BOOKKEEPING.has(key),
  );
}

/**
 * Whether an upsert inserted: updateOne answers `upsertedCount`, findOneAndUpdate with
 * `includeResultMetadata` answers `lastErrorObject`; without either, assume it did.
 */
function inserted(result: unknown): boolean {
  if (!result || typeof result !== "object") return true;
  if ("upsertedCount" in result) return (result as { upsertedCount: number }).upsertedCount > 0;
  const meta = (result as { lastErrorObject?: { updatedExisting?: boolean } }).lastErrorObject;
  return meta?.updatedExisting !== true;
}

/** An id named by equality (a string or an ObjectId), not by an operator. */
function plainId(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "toHexString" in value) return String(value);
  return undefined;
}

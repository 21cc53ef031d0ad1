/**
 * Presence keys. Each room has two sorted sets over the same members (`presence.members.ts`):
 * one scored by the entry's last refresh (liveness) and one by its join time (order), plus one set
 * listing the rooms that have entries so a sweep knows where to look.
 *
 * Its scripts keep a room's sets and the room index in step, so all carry the one hash tag
 * `{presence}` and share a Redis Cluster slot.
 */
export const presenceKeys = {
  /** Sorted set: member → last refresh, in ms of the Redis server's clock. */
  room: (prefix: string, roomId: string) => `${prefix}{presence}:room:${roomId}`,
  /** Sorted set: member → join time, in ms of the Redis server's clock. */
  order: (prefix: string, roomId: string) => `${prefix}{presence}:order:${roomId}`,
  /** Set of room ids whose `room` set has entries. */
  rooms: (prefix: string) => `${prefix}{presence}:rooms`,
};

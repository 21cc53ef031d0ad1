export const handsKeys = {
  /** Sorted set of user ids scored by the time they raised their hand: the queue in arrival order. */
  queue: (prefix: string, roomId: string) => `${prefix}hands:${roomId}`,
  /** Present while a user may not call the instructor from a room again. */
  callCooldown: (prefix: string, roomId: string, userId: string) => `${prefix}hands:call:${roomId}:${userId}`,
};

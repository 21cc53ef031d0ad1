/** A room's keys carry `{roomId}`, so ending a class deletes them in one command on a Redis Cluster. */
export const liveKeys = {
  /** Set of user ids the instructor brought on stage in a room. */
  stage: (prefix: string, roomId: string) => `${prefix}live:stage:{${roomId}}`,
  /** Present while learners in a room may not unmute. */
  hardMute: (prefix: string, roomId: string) => `${prefix}live:hardmute:{${roomId}}`,
};

/**
 * Redis keys of the study planner, all under the node's prefix. A learner's keys share the hash tag
 * `{userId}` and a room's `{roomId}`, so the scripts that touch several stay on one cluster slot.
 */
export const studyKeys = {
  /** Hash: a learner's running or paused focus timer (one at a time). */
  timer: (prefix: string, userId: string) => `${prefix}study:timer:{${userId}}`,
  /** Hash: what finishing a focus session decided, kept so that a repeated finish answers the same. */
  finished: (prefix: string, userId: string, sessionId: string) => `${prefix}study:finished:{${userId}}:${sessionId}`,
  /** Counter: focus minutes credited with XP on one local day of a learner. */
  creditedOnDay: (prefix: string, userId: string, day: string) => `${prefix}study:credited:{${userId}}:${day}`,
  /** Hash: a study room's shared pomodoro timer. */
  groupTimer: (prefix: string, roomId: string) => `${prefix}study:group:{${roomId}}`,
  /** Set: members focusing with a study room's timer. */
  groupFocusing: (prefix: string, roomId: string) => `${prefix}study:group-focusing:{${roomId}}`,
  /** Hash: focus minutes per member in a study room on one UTC day, from the shared timer. */
  groupFocusOnDay: (prefix: string, roomId: string, day: string) => `${prefix}study:group-focus:{${roomId}}:${day}`,
  /** String: the node sweeping for struggling-learner alerts this interval (expires with it). */
  alertSweepLock: (prefix: string) => `${prefix}study:alert-sweep`,
};

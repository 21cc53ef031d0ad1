/**
 * A live class's admissions, all under the class's hash tag, so each script touches one slot on a
 * Redis Cluster. They are per class: a refusal holds for the rest of that class, not the next one.
 */
export const waitingRoomKeys = {
  /** Sorted set: learners waiting, scored by when they asked to join (server epoch ms). */
  waiting: (prefix: string, liveClassId: string) => `${prefix}waiting-room:{${liveClassId}}:waiting`,
  /** Hash: waiting learner id → display name, so the instructor's list needs no database read. */
  names: (prefix: string, liveClassId: string) => `${prefix}waiting-room:{${liveClassId}}:names`,
  /** Set: learners let into the class (admitted, or joined while it was open). */
  admitted: (prefix: string, liveClassId: string) => `${prefix}waiting-room:{${liveClassId}}:admitted`,
  /** Set: learners the instructor refused. */
  refused: (prefix: string, liveClassId: string) => `${prefix}waiting-room:{${liveClassId}}:refused`,
};

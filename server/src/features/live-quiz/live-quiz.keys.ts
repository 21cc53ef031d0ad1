/**
 * Redis keys of the live quiz, all under the deployment's prefix and the one hash tag `{lq}`: its
 * scripts move a session's state and the shared `due` set together, so on a Redis Cluster they
 * must share a slot. A quiz's traffic (one answer per learner per question) fits one shard.
 */
export const liveQuizKeys = {
  /** The id of the room's current (or last) quiz session. */
  room: (prefix: string, roomId: string) => `${prefix}{lq}:room:${roomId}`,
  /** Hash: the session's fixed content (room, lesson, questions with answers) and its state. */
  session: (prefix: string, sessionId: string) => `${prefix}{lq}:${sessionId}`,
  /** Hash: user id → their answer to question `index` (JSON); the first one written stays. */
  answers: (prefix: string, sessionId: string, index: number) => `${prefix}{lq}:${sessionId}:answers:${index}`,
  /** Hash: user id → the points their answer to question `index` earns, added to scores at the reveal. */
  points: (prefix: string, sessionId: string, index: number) => `${prefix}{lq}:${sessionId}:points:${index}`,
  /** Sorted set: user id → score, for those who answered at least once. */
  scores: (prefix: string, sessionId: string) => `${prefix}{lq}:${sessionId}:scores`,
  /** Hash: user id → right answers so far. */
  correct: (prefix: string, sessionId: string) => `${prefix}{lq}:${sessionId}:correct`,
  /** Hash: user id → display name, written with the first answer, so standings need no database read. */
  names: (prefix: string, sessionId: string) => `${prefix}{lq}:${sessionId}:names`,
  /** Set: learners following the quiz, who get the reveal and the end pushed. */
  joined: (prefix: string, sessionId: string) => `${prefix}{lq}:${sessionId}:joined`,
  /**
   * Sorted set of work due, scored by when (server epoch ms): `reveal|<sessionId>|<index>` at a
   * question's deadline, `finalize|<sessionId>` after an end. Every node sweeps it, so a node that
   * dies mid-question or mid-end does not leave the quiz stuck.
   */
  due: (prefix: string) => `${prefix}{lq}:due`,
};

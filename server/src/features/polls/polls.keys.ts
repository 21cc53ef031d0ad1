/** A poll's keys share the poll's hash tag, so its scripts touch one slot on a Redis Cluster. */
export const pollsKeys = {
  /** The id of the room's current (or last) poll. */
  room: (prefix: string, roomId: string) => `${prefix}poll:room:${roomId}`,
  /** Hash: the poll's question, options, settings and status. */
  poll: (prefix: string, pollId: string) => `${prefix}poll:{${pollId}}`,
  /** Hash: learner id → their answer (JSON); one field each, so each learner counts once. */
  answers: (prefix: string, pollId: string) => `${prefix}poll:{${pollId}}:answers`,
  /** Hash: learner id → display name, kept for named polls only. */
  names: (prefix: string, pollId: string) => `${prefix}poll:{${pollId}}:names`,
};

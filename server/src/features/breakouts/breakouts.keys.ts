export const breakoutsKeys = {
  /** Held for a grid interval by the node that pushes a session's grid, so one node pushes it. */
  gridTurn: (prefix: string, sessionId: string) => `${prefix}breakouts:grid-turn:${sessionId}`,
  /** Digest of the grid last pushed for a session: an unchanged grid is not pushed again. */
  gridDigest: (prefix: string, sessionId: string) => `${prefix}breakouts:grid-digest:${sessionId}`,
};

export const collabKeys = {
  /** Pub/sub channel carrying a document's updates, awareness and lock changes between nodes. */
  channel: (prefix: string, docId: string) => `${prefix}collab:doc:${docId}`,
  /** Held by the node compacting a document, so two nodes never fold the same updates. */
  compactLock: (prefix: string, docId: string) => `${prefix}collab:compact:${docId}`,
  /** A connection ticket waiting for its one use, by the ticket's hash (the ticket itself is never stored). */
  ticket: (prefix: string, ticketHash: string) => `${prefix}collab:ticket:${ticketHash}`,
  /** Sorted set of an account's open collaboration connections, over every node: seat → expiry (ms). */
  seats: (prefix: string, userId: string) => `${prefix}collab:seats:${userId}`,
  /** Pub/sub channel telling every node which connections to close (sessions ended, members removed). */
  revokes: (prefix: string) => `${prefix}collab:revokes`,
};

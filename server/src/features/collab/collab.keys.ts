export const collabKeys = {
  /** Pub/sub channel carrying a document's updates, awareness and lock changes between nodes. */
  channel: (prefix: string, docId: string) => `${prefix}collab:doc:${docId}`,
  /** Held by the node compacting a document, so two nodes never fold the same updates. */
  compactLock: (prefix: string, docId: string) => `${prefix}collab:compact:${docId}`,
};

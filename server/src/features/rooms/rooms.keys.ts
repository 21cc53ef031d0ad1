export const roomsKeys = {
  /** Pub/sub channel: a room or membership changed; every node drops what it cached of it. */
  changes: (prefix: string) => `${prefix}rooms:changes`,
};

/** A room's keys carry `{roomId}`, so one transaction may write several of them on a Redis Cluster. */
export const chatKeys = {
  /** Present while a user must wait before sending again in a slow-mode room. */
  slowMode: (prefix: string, roomId: string, userId: string) => `${prefix}chat:slow:{${roomId}}:${userId}`,
  /** The node holding this lease takes the room's next message numbers. */
  seqTurn: (prefix: string, roomId: string) => `${prefix}chat:seq-turn:{${roomId}}`,
  /** The last number taken in the room, left by the previous turn holder (a hint; the index decides). */
  lastSeq: (prefix: string, roomId: string) => `${prefix}chat:last-seq:{${roomId}}`,
  /** Hash of the room's newest messages: field = seq, value = the message as clients see it. */
  recent: (prefix: string, roomId: string) => `${prefix}chat:recent:{${roomId}}`,
  /** Mention notifications a sender caused in one minute (window = minutes since the epoch). */
  mentionNotices: (prefix: string, senderId: string, window: number) =>
    `${prefix}chat:mention-notices:${senderId}:${window}`,
  /** The stored message a client message id became, so a resend is answered without a query. */
  sent: (prefix: string, roomId: string, authorId: string, clientMsgId: string) =>
    `${prefix}chat:sent:{${roomId}}:${authorId}:${clientMsgId}`,
};

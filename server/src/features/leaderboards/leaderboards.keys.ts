/** Glob metacharacters in a prefix would widen a SCAN pattern beyond our keys. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

export const leaderboardsKeys = {
  /** Sorted set of user ids scored by XP: one board (see boardName). */
  board: (prefix: string, name: string) => `${prefix}lb:board:${name}`,
  /** The last position of a learner's XP chain that the boards include. */
  applied: (prefix: string, userId: string) => `${prefix}lb:applied:${userId}`,
  /** Held while a rebuild runs: board writes other than the rebuild's own wait for it. */
  rebuildLock: (prefix: string) => `${prefix}lb:rebuilding`,
  /** Short-lived sorted set: this week's XP minus last week's, for one scope. */
  improved: (prefix: string, name: string) => `${prefix}lb:improved:${name}`,
  /** Pub/sub channel: which boards changed, so every node can push to its own watchers. */
  changes: (prefix: string) => `${prefix}lb:changes`,
  /** SCAN pattern of every key above: what a rebuild deletes (but the lock). */
  everything: (prefix: string) => `${globEscape(prefix)}lb:*`,
};

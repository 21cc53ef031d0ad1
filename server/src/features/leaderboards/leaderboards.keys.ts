/** Glob metacharacters in a prefix would widen a SCAN pattern beyond our keys. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, "\\$&");

/**
 * Every board key carries the one hash tag `{lb}`, so on a Redis Cluster they share a slot: one
 * script applies a learner's entry to all ~9 boards it belongs to (class, course and global scopes,
 * three periods), checks the rebuild lock and moves the learner's applied position, atomically,
 * which is what makes each entry count exactly once. Splitting boards over slots would trade that
 * for per-board applied positions and a lock per board; the boards' load (a few ZINCRBY per award,
 * coalesced reads) fits one shard, while everything else spreads over the cluster.
 */
export const leaderboardsKeys = {
  /** Sorted set of user ids scored by XP: one board (see boardName). */
  board: (prefix: string, name: string) => `${prefix}{lb}:board:${name}`,
  /** The last position of a learner's XP chain that the boards include. */
  applied: (prefix: string, userId: string) => `${prefix}{lb}:applied:${userId}`,
  /** Held while a rebuild runs: board writes other than the rebuild's own wait for it. */
  rebuildLock: (prefix: string) => `${prefix}{lb}:rebuilding`,
  /** Short-lived sorted set: this week's XP minus last week's, for one scope. */
  improved: (prefix: string, name: string) => `${prefix}{lb}:improved:${name}`,
  /** Pub/sub channel: which boards changed, so every node can push to its own watchers. */
  changes: (prefix: string) => `${prefix}lb:changes`,
  /** SCAN pattern of every key above: what a rebuild deletes (but the lock). */
  everything: (prefix: string) => `${globEscape(prefix)}{lb}:*`,
};

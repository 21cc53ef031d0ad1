/** A learner's keys carry `{userId}`, so one transaction moves a head and its page together on a Redis Cluster. */
export const ledgerKeys = {
  /** Hash of a learner's chain heads: field = currency, value = "<seq>:<balanceAfter>" of the newest entry known. */
  heads: (prefix: string, userId: string) => `${prefix}ledger:heads:{${userId}}`,
  /** Sorted set of a learner's newest entries on one chain, as pages show them, scored by position. */
  recent: (prefix: string, userId: string, currency: string) => `${prefix}ledger:recent:{${userId}}:${currency}`,
};

/**
 * Redis keys of the platform's daily counters, all under the node's prefix and one hash tag, so that
 * counting active users over several days (one PFCOUNT of many keys) stays on one cluster slot.
 */
export const analyticsKeys = {
  /** Hash: the day's counters, field by field (`signups`, `gross:course:<id>`…), until flushed and expired. */
  day: (prefix: string, day: string) => `${prefix}analytics:{counters}:day:${day}`,
  /** Set: days whose hash holds counts not yet copied into their document. */
  dirty: (prefix: string) => `${prefix}analytics:{counters}:dirty`,
  /** HyperLogLog: the accounts seen on a day. */
  active: (prefix: string, day: string) => `${prefix}analytics:{counters}:active:${day}`,
  /** Set: who was counted once in a scope (a class's attendees). */
  once: (prefix: string, scope: string) => `${prefix}analytics:{counters}:once:${scope}`,
  /** String: Plus's monthly recurring revenue now, in cents. */
  mrr: (prefix: string) => `${prefix}analytics:{counters}:mrr`,
  /** String: held by the node copying counters into documents. */
  flushLock: (prefix: string) => `${prefix}analytics:{counters}:flush-lock`,
};

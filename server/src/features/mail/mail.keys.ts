/** One hash tag, `{mail}`: a script moves due jobs from `retry` to `ready`, so they share a Redis Cluster slot. */
export const mailKeys = {
  /** Messages waiting to be sent, oldest first (a list of JSON jobs). */
  ready: (prefix: string) => `${prefix}{mail}:ready`,
  /** Messages whose send failed, scored by when to try again (a sorted set of JSON jobs). */
  retry: (prefix: string) => `${prefix}{mail}:retry`,
};

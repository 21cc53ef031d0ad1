/**
 * Connection-count keys. An account's sockets sit in two sorted sets over the same members (socket
 * ids): one scored by connect time (who is oldest), one by expiry (who still counts); an address's
 * sockets only need the second kind.
 *
 * One script checks an account's and an address's seats together, so every key carries the one
 * hash tag `{connections}` and sits in one Redis Cluster slot: seats change at connects and renewals
 * only, a load one shard carries easily.
 */
export const connectionsKeys = {
  /** Sorted set: socket id → connect time, in ms of the Redis server's clock. */
  accountOrder: (prefix: string, userId: string) => `${prefix}{connections}:account:${userId}:order`,
  /** Sorted set: socket id → expiry, pushed forward by the node holding the socket. */
  accountLive: (prefix: string, userId: string) => `${prefix}{connections}:account:${userId}:live`,
  /** Sorted set: socket id → expiry, for the sockets of one client address. */
  addressLive: (prefix: string, address: string) => `${prefix}{connections}:address:${address}:live`,
};

/**
 * The live quiz counts down on the server's clock: deadlines are server epoch milliseconds, and
 * every push carries the server's `now`, so a learner whose clock is a minute off still sees the
 * time the server will hold them to.
 */

/** How far the server's clock is ahead of this one, from a `serverNow` received at `receivedAt`. */
export function clockOffset(serverNow: number, receivedAt: number): number {
  return serverNow - receivedAt;
}

/** Milliseconds left until `deadline` (server time), never below 0. */
export function remainingMs(deadline: number, offsetMs: number, localNow: number): number {
  return Math.max(0, deadline - (localNow + offsetMs));
}

/**
 * When this media node last heard from each server node: any request or heartbeat renews the
 * node's lease. A node silent for longer than the lease is taken for dead once, and forgotten.
 */
export class NodeLeases {
  readonly #lastSeen = new Map<string, number>();

  constructor(private readonly leaseMs: number) {}

  seen(nodeId: string, now = Date.now()): void {
    this.#lastSeen.set(nodeId, now);
  }

  /** The nodes whose lease ran out since the last call. */
  expire(now = Date.now()): Set<string> {
    const dead = new Set<string>();
    for (const [nodeId, seen] of this.#lastSeen) {
      if (now - seen <= this.leaseMs) continue;
      dead.add(nodeId);
      this.#lastSeen.delete(nodeId);
    }
    return dead;
  }
}

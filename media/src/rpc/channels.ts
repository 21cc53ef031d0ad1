/**
 * Redis pub/sub channels of media signalling, all under the deployment's key prefix so several
 * deployments can share one Redis. Exactly one media node listens on `rpc` per prefix.
 */
export function mediaChannels(prefix: string) {
  return {
    /** Requests from every server node to the media node. */
    rpc: `${prefix}media:rpc`,
    /** Replies to one server node. */
    reply: (nodeId: string) => `${prefix}media:reply:${nodeId}`,
    /** Events from the media node to every server node. */
    events: `${prefix}media:events`,
    /** Server nodes saying they are alive (the lease on their peers). */
    heartbeat: `${prefix}media:heartbeat`,
  } as const;
}

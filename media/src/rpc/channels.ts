/**
 * Redis pub/sub channels of media signalling, all under the deployment's key prefix so several
 * deployments can share one Redis. Each media node listens on its own `rpc` channel.
 */
export function mediaChannels(prefix: string) {
  return {
    /** Requests from every server node to one media node (a shard channel on a cluster: `publishRequest`). */
    rpc: (mediaNodeId: string) => `${prefix}media:rpc:${mediaNodeId}`,
    /** Replies to one server node. */
    reply: (nodeId: string) => `${prefix}media:reply:${nodeId}`,
    /** Events from every media node to every server node (and to the other media nodes). */
    events: `${prefix}media:events`,
    /** Server nodes saying they are alive (the lease on their peers). */
    heartbeat: `${prefix}media:heartbeat`,
  } as const;
}

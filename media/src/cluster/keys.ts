/**
 * Redis keys of the media cluster, all under the deployment's key prefix: the registry of media
 * nodes, and where each live class's media is placed.
 */
export function mediaClusterKeys(prefix: string) {
  return {
    /** Ids of the nodes that registered; an id whose entry expired is dropped by the next reader. */
    nodes: `${prefix}media:nodes`,
    /** One node's registry entry (JSON), expiring unless renewed. */
    node: (nodeId: string) => `${prefix}media:node:${nodeId}`,
    /** The node a class was placed on first: its peers go there while it has room. */
    classOrigin: (classId: string) => `${prefix}media:class:${classId}:origin`,
    /** Every node that holds peers of the class. */
    classNodes: (classId: string) => `${prefix}media:class:${classId}:nodes`,
    /** Producer id → the node it was produced on. */
    classProducers: (classId: string) => `${prefix}media:class:${classId}:producers`,
  } as const;
}

export type MediaClusterKeys = ReturnType<typeof mediaClusterKeys>;

import type { MediaMethod, MediaParams, MediaResult } from "@chalkline/shared";
import type { ClassRegistry } from "../classes/registry";

/** One function per media request, taking its parsed parameters and the id of the server node that sent it. */
export type MediaHandlers = {
  [M in MediaMethod]: (params: MediaParams<M>, nodeId: string) => Promise<MediaResult<M>>;
};

/** Maps each request onto the live class it names (`not_found` when that class is not open). */
export function mediaHandlers(classes: ClassRegistry, drain: (draining: boolean) => Promise<void>): MediaHandlers {
  const live = (classId: string) => classes.get(classId);
  return {
    openClass: async ({ classId }) => ({ rtpCapabilities: (await classes.open(classId)).rtpCapabilities }),
    closeClass: async ({ classId }) => {
      await classes.close(classId);
      return null;
    },
    join: async ({ classId, peer }, nodeId) => (await classes.open(classId)).join(peer, nodeId),
    // Idempotent even for a class that is gone (closed, or reset after its worker died).
    leave: async ({ classId, peerId }) => {
      (await live(classId).catch(() => undefined))?.leave(peerId);
      return null;
    },
    createTransport: async ({ classId, peerId, direction }) => (await live(classId)).createTransport(peerId, direction),
    connectTransport: async ({ classId, peerId, transportId, dtlsParameters }) => {
      await (await live(classId)).connectTransport(peerId, transportId, dtlsParameters);
      return null;
    },
    produce: async ({ classId, peerId, ...p }) => ({ producerId: await (await live(classId)).produce(peerId, p) }),
    consume: async ({ classId, peerId, ...p }) => (await live(classId)).consume(peerId, p),
    resumeConsumer: async ({ classId, peerId, consumerId }) => {
      await (await live(classId)).resumeConsumer(peerId, consumerId);
      return null;
    },
    setConsumerLayers: async ({ classId, peerId, consumerId, ...layers }) => {
      await (await live(classId)).setConsumerLayers(peerId, consumerId, layers);
      return null;
    },
    pauseProducer: async ({ classId, peerId, producerId }) => {
      await (await live(classId)).setProducerPaused(peerId, producerId, true);
      return null;
    },
    resumeProducer: async ({ classId, peerId, producerId }) => {
      await (await live(classId)).setProducerPaused(peerId, producerId, false);
      return null;
    },
    closeProducer: async ({ classId, peerId, producerId }) => {
      (await live(classId)).closeProducer(peerId, producerId);
      return null;
    },
    closeProducers: async ({ classId, ...filter }) => (await live(classId)).closeProducers(filter),
    stats: async ({ classId }) => (await live(classId)).stats(),
    producers: async ({ classId }) => (await live(classId)).producers(),
    // A pipe may be asked for before any peer of the class is on this node.
    pipeLink: async ({ classId, remoteNodeId, remote }) => (await classes.open(classId)).pipeLink(remoteNodeId, remote),
    pipeExport: async ({ classId, remoteNodeId, producerId }) =>
      (await live(classId)).pipeExport(remoteNodeId, producerId),
    pipeImport: async ({ classId, remoteNodeId, producer }) => {
      await (await live(classId)).pipeImport(remoteNodeId, producer);
      return null;
    },
    drain: async ({ draining }) => {
      await drain(draining);
      return null;
    },
  };
}

import type { MediaProducerInfo } from "@chalkline/shared";
import { MediaRequestError } from "../errors";
import type { Peer, PeerConsumer, PeerProducer, PeerTransport } from "./peer";

/** What a request may name, by kind; each belongs to one peer. */
interface Owned {
  transport: PeerTransport;
  producer: PeerProducer;
  consumer: PeerConsumer;
}
const collections: { [K in keyof Owned]: (peer: Peer) => ReadonlyMap<string, Owned[K]> } = {
  transport: (peer) => peer.transports,
  producer: (peer) => peer.producers,
  consumer: (peer) => peer.consumers,
};

/**
 * The peers of one live class on this node, by peer id, and the rule that every id a request
 * names belongs to this class and to the requesting peer.
 */
export class ClassPeers extends Map<string, Peer> {
  constructor(readonly classId: string) {
    super();
  }

  /** The peer; `not_found` when it is not in the class. */
  require(peerId: string): Peer {
    const peer = this.get(peerId);
    if (!peer) throw new MediaRequestError("not_found", `peer ${peerId} is not in class ${this.classId}`);
    return peer;
  }

  /** The named item of the requesting peer: another peer's is forbidden, one this class lacks not found. */
  own<K extends keyof Owned>(peerId: string, kind: K, id: string): { peer: Peer; item: Owned[K] } {
    const peer = this.require(peerId);
    const pick = collections[kind];
    const item = pick(peer).get(id);
    if (item) return { peer, item };
    for (const other of this.values()) {
      if (pick(other).has(id)) throw new MediaRequestError("forbidden", `${kind} ${id} belongs to another peer`);
    }
    throw new MediaRequestError("not_found", `no ${kind} ${id} in class ${this.classId}`);
  }

  findProducer(producerId: string): PeerProducer | undefined {
    for (const peer of this.values()) {
      const entry = peer.producers.get(producerId);
      if (entry) return entry;
    }
    return undefined;
  }

  /** What the peers publish. */
  producers(): MediaProducerInfo[] {
    return [...this.values()].flatMap((peer) => [...peer.producers.values()].map(producerInfo));
  }
}

function producerInfo({ producer, owner, source }: PeerProducer): MediaProducerInfo {
  const { peerId, userId, displayName } = owner.info;
  return { producerId: producer.id, peerId, userId, displayName, kind: producer.kind, source, paused: producer.paused };
}

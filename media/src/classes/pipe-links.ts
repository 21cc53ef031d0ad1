import type { MediaEvent, PipedProducer, PipeTuple } from "@chalkline/shared";
import type { types } from "mediasoup";
import { MediaRequestError } from "../errors";
import type { ClassRouter } from "./class-router";
import { Peer, type PeerProducer } from "./peer";

/** One pipe between this node's part of a class and another node's part of it. */
interface Link {
  transport: types.PipeTransport;
  connected: Promise<void> | undefined;
  /** Producers of this node sent down the pipe, by id (each is one pipe consumer). */
  exports: Map<string, Promise<PipedProducer>>;
}

export interface PipeLinksOptions {
  classId: string;
  /** The class's main router: pipes end there, and piped-in producers live there. */
  router: ClassRouter;
  listenIp: string;
  /** What other nodes connect to; the listen address when unset. */
  announcedIp?: string;
  transportOptions: types.WebRtcTransportOptions;
}

/**
 * A class cascaded across media nodes: one PipeTransport per other node that holds peers of the
 * class, producers of this node sent down them, and producers of other nodes piped in. A piped-in
 * producer keeps its id and belongs to a stand-in peer (the remote owner), so consuming it and the
 * ownership checks work as for a local one; none of the class's own peers can name it as theirs.
 */
export class PipeLinks {
  readonly #options: PipeLinksOptions;
  readonly #links = new Map<string, Promise<Link>>();
  readonly #imports = new Map<string, Promise<PeerProducer>>();
  readonly #settled = new Map<string, PeerProducer>();
  readonly #owners = new Map<string, Peer>();

  constructor(options: PipeLinksOptions) {
    this.#options = options;
  }

  /** This end's address, after connecting it to `remote` when given; idempotent. */
  async link(remoteNodeId: string, remote?: PipeTuple): Promise<PipeTuple> {
    const link = await this.#link(remoteNodeId);
    if (remote) {
      link.connected ??= link.transport.connect({
        ip: remote.ip,
        port: remote.port,
        srtpParameters: remote.srtpParameters as types.SrtpParameters,
      });
      await link.connected;
    }
    const { localIp, localPort } = link.transport.tuple;
    const srtpParameters = link.transport.srtpParameters;
    if (!srtpParameters) throw new Error("a pipe transport without SRTP");
    return { ip: this.#options.announcedIp ?? localIp, port: localPort, srtpParameters };
  }

  /** Sends `entry` (on the main router) to `remoteNodeId`; once per producer and node. */
  async export(remoteNodeId: string, entry: PeerProducer): Promise<PipedProducer> {
    const link = await this.#existing(remoteNodeId);
    const producerId = entry.producer.id;
    let exporting = link.exports.get(producerId);
    if (!exporting) {
      exporting = link.transport.consume({ producerId }).then((consumer) => {
        consumer.observer.once("close", () => link.exports.delete(producerId));
        const { peerId, userId, displayName } = entry.owner.info;
        return {
          producerId,
          peerId,
          userId,
          displayName,
          kind: consumer.kind,
          source: entry.source,
          paused: consumer.producerPaused,
          rtpParameters: consumer.rtpParameters,
        };
      });
      exporting.catch(() => link.exports.delete(producerId));
      link.exports.set(producerId, exporting);
    }
    return exporting;
  }

  /** Makes a producer of `remoteNodeId` consumable here; once per producer. */
  async import(remoteNodeId: string, p: PipedProducer): Promise<void> {
    let importing = this.#imports.get(p.producerId);
    if (!importing) {
      importing = this.#import(remoteNodeId, p);
      importing.catch(() => this.#imports.delete(p.producerId));
      this.#imports.set(p.producerId, importing);
    }
    await importing;
  }

  /** A producer piped in from another node, if `producerId` is one. */
  imported(producerId: string): PeerProducer | undefined {
    return this.#settled.get(producerId);
  }

  /** Another node announced a change to one of its producers: its copy here follows. */
  follow(event: MediaEvent): void {
    if (event.type !== "producer-closed" && event.type !== "producer-paused" && event.type !== "producer-resumed")
      return;
    const entry = this.#settled.get(event.producerId);
    if (!entry) return;
    if (event.type === "producer-closed") entry.producer.close();
    else if (event.type === "producer-paused") void entry.producer.pause().catch(() => undefined);
    else void entry.producer.resume().catch(() => undefined);
  }

  /** The pipes to nodes not in `alive` lead nowhere: closed, with what came through them. */
  closeLinksExcept(alive: ReadonlySet<string>): void {
    for (const [nodeId, link] of this.#links) {
      if (alive.has(nodeId)) continue;
      this.#links.delete(nodeId);
      void link.then((l) => l.transport.close()).catch(() => undefined);
    }
  }

  #link(remoteNodeId: string): Promise<Link> {
    let link = this.#links.get(remoteNodeId);
    if (!link) {
      const { listenIp, announcedIp, router } = this.#options;
      link = router.router
        .createPipeTransport({
          listenIp: { ip: listenIp, ...(announcedIp ? { announcedIp } : {}) },
          // Between hosts packets get lost: retransmissions go through the pipe too; and no one on
          // the way reads or injects a class's media.
          enableRtx: true,
          enableSrtp: true,
        })
        .then((transport) => ({ transport, connected: undefined, exports: new Map() }));
      link.catch(() => this.#links.delete(remoteNodeId));
      this.#links.set(remoteNodeId, link);
    }
    return link;
  }

  async #existing(remoteNodeId: string): Promise<Link> {
    const link = this.#links.get(remoteNodeId);
    if (!link) throw new MediaRequestError("not_found", `no pipe to media node ${remoteNodeId}`);
    return link;
  }

  async #import(remoteNodeId: string, p: PipedProducer): Promise<PeerProducer> {
    const { transport } = await this.#existing(remoteNodeId);
    const producer = await transport.produce({
      id: p.producerId,
      kind: p.kind,
      rtpParameters: p.rtpParameters as types.RtpParameters,
      paused: p.paused,
    });
    const entry: PeerProducer = { producer, owner: this.#owner(remoteNodeId, p), source: p.source };
    this.#settled.set(p.producerId, entry);
    producer.observer.once("close", () => {
      this.#settled.delete(p.producerId);
      this.#imports.delete(p.producerId);
    });
    return entry;
  }

  /** The stand-in for a peer of another node; it never signals, so it emits nothing. */
  #owner(remoteNodeId: string, p: PipedProducer): Peer {
    let owner = this.#owners.get(p.peerId);
    if (!owner) {
      owner = new Peer({
        classId: this.#options.classId,
        info: { peerId: p.peerId, userId: p.userId, displayName: p.displayName },
        nodeId: `media:${remoteNodeId}`,
        router: this.#options.router,
        transportOptions: this.#options.transportOptions,
        emit: () => undefined,
      });
      this.#owners.set(p.peerId, owner);
    }
    return owner;
  }
}

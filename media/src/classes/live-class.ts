import { EventEmitter } from "node:events";
import type {
  ConsumerParams,
  MediaEvent,
  MediaKind,
  MediaPeer,
  MediaProducerInfo,
  MediaResult,
  MediaSource,
  PipedProducer,
  PipeTuple,
  TransportParams,
} from "@chalkline/shared";
import type { types } from "mediasoup";
import type { Logger } from "pino";
import { MediaRequestError } from "../errors";
import type { WorkerPool } from "../workers";
import { Budget } from "./budget";
import { ClassPeers } from "./class-peers";
import { ClassRouter } from "./class-router";
import { Peer, type PeerProducer, type TransportDirection } from "./peer";
import { PipeLinks } from "./pipe-links";
import { ActiveSpeaker } from "./speaker";

export interface LiveClassOptions {
  id: string;
  pool: WorkerPool;
  /** A newcomer gets a new router once every router of the class holds this many consumers. */
  consumersPerRouter: number;
  /** WebRTC transports the class may hold at once (each peer has at most two). */
  maxTransports: number;
  /** The node's transports, shared by all its classes: each one holds ports of the node. */
  nodeTransports: Budget;
  transportOptions: types.WebRtcTransportOptions;
  /** Where pipes to other media nodes listen, and the address those nodes reach. */
  pipeListen: { ip: string; announcedIp?: string };
  logger: Logger;
}

export interface LiveClassEvents {
  event: [MediaEvent];
}

/**
 * The media of one live class on this node: its routers (the first one also observes who speaks),
 * its peers (class-peers.ts checks that every id a request names belongs to this class and to the
 * requesting peer), and its pipes to the class's parts on other media nodes.
 */
export class LiveClass extends EventEmitter<LiveClassEvents> {
  readonly id: string;
  readonly #options: LiveClassOptions;
  readonly #routers: ClassRouter[];
  readonly #peers: ClassPeers;
  readonly #speaker: ActiveSpeaker;
  readonly #transports: Budget;
  readonly #pipes: PipeLinks;
  #speakerPeerId: string | null = null;
  #growing: Promise<ClassRouter> | undefined;
  #closed = false;

  private constructor(options: LiveClassOptions, main: ClassRouter, speaker: ActiveSpeaker) {
    super();
    this.id = options.id;
    this.#options = options;
    this.#peers = new ClassPeers(options.id);
    this.#routers = [main];
    this.#speaker = speaker;
    this.#transports = new Budget(options.maxTransports, `transports in class ${options.id}`);
    speaker.on("change", (producerId) => this.#onSpeaker(producerId));
    this.#pipes = new PipeLinks({
      classId: options.id,
      router: main,
      listenIp: options.pipeListen.ip,
      announcedIp: options.pipeListen.announcedIp,
      transportOptions: options.transportOptions,
    });
  }

  static async create(options: LiveClassOptions): Promise<LiveClass> {
    const main = await ClassRouter.create(options.pool.next());
    try {
      return new LiveClass(options, main, await ActiveSpeaker.create(main.router));
    } catch (error) {
      main.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Every router of the class offers the same codecs, so any of them answers for all. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.#main.router.rtpCapabilities;
  }

  usesWorker(pid: number): boolean {
    return this.#routers.some((r) => r.workerPid === pid);
  }

  /**
   * Idempotent per peer id: joining again returns the same router and what others publish.
   * `nodeId` is the server node the peer's socket is on.
   */
  async join(info: MediaPeer, nodeId: string): Promise<MediaResult<"join">> {
    let peer = this.#peers.get(info.peerId);
    if (!peer) {
      const router = await this.#routerWithRoom();
      // A concurrent join of the same peer may have finished while the router was being made.
      peer = this.#peers.get(info.peerId) ?? this.#addPeer(info, nodeId, router);
    }
    const producers = this.producers().filter((p) => p.peerId !== info.peerId);
    return { rtpCapabilities: peer.router.router.rtpCapabilities, producers };
  }

  /** What the peers on this node publish (not what is piped in from other nodes). */
  producers(): MediaProducerInfo[] {
    return this.#peers.producers();
  }

  pipeLink(remoteNodeId: string, remote?: PipeTuple): Promise<PipeTuple> {
    return this.#pipes.link(remoteNodeId, remote);
  }

  /** Only producers of this node's peers go out; one piped in from elsewhere is not this node's to send. */
  async pipeExport(remoteNodeId: string, producerId: string): Promise<PipedProducer> {
    const entry = this.#peers.findProducer(producerId);
    if (!entry) throw new MediaRequestError("not_found", `no producer ${producerId} in class ${this.id} here`);
    await this.#main.pipeFrom(entry.owner.router, producerId);
    return this.#pipes.export(remoteNodeId, entry);
  }

  /**
   * Audio piped in is observed for speech as well, so the nodes of a class, each hearing the audio
   * its peers consume, name the same speaker.
   */
  async pipeImport(remoteNodeId: string, producer: PipedProducer): Promise<void> {
    const fresh = !this.#pipes.imported(producer.producerId);
    await this.#pipes.import(remoteNodeId, producer);
    const entry = this.#pipes.imported(producer.producerId);
    if (fresh && entry?.producer.kind === "audio") await this.#observeSpeech(entry);
  }

  /** An event of another node about a producer piped in here. */
  followRemote(event: MediaEvent): void {
    this.#pipes.follow(event);
  }

  /** Media nodes that left the cluster: the pipes to them are closed. */
  closeLinksExcept(alive: ReadonlySet<string>): void {
    this.#pipes.closeLinksExcept(alive);
  }

  /** Idempotent: an unknown peer has nothing to close. */
  leave(peerId: string): void {
    this.#peers.get(peerId)?.close();
    this.#peers.delete(peerId);
  }

  /** Closes the peers whose server node died (their producers close as "peer-left"); how many. */
  leavePeersOf(nodeIds: ReadonlySet<string>): number {
    const gone = [...this.#peers.values()].filter((peer) => nodeIds.has(peer.nodeId));
    for (const peer of gone) this.leave(peer.id);
    return gone.length;
  }

  createTransport(peerId: string, direction: TransportDirection): Promise<TransportParams> {
    return this.#peers.require(peerId).createTransport(direction, [this.#transports, this.#options.nodeTransports]);
  }

  connectTransport(peerId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const { peer, item } = this.#peers.own(peerId, "transport", transportId);
    return peer.connect(item, dtlsParameters);
  }

  async produce(
    peerId: string,
    p: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused?: boolean },
  ): Promise<string> {
    const { peer, item } = this.#peers.own(peerId, "transport", p.transportId);
    const entry = await peer.produce(item, p);
    if (entry.producer.kind === "audio") await this.#observeSpeech(entry);
    return entry.producer.id;
  }

  async consume(
    peerId: string,
    p: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    const { peer, item } = this.#peers.own(peerId, "transport", p.transportId);
    const source = this.#anyProducer(p.producerId);
    await peer.router.pipeFrom(source.owner.router, p.producerId);
    return peer.consume(item, source, p.rtpCapabilities);
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    await this.#peers.own(peerId, "consumer", consumerId).item.consumer.resume();
  }

  setConsumerLayers(peerId: string, consumerId: string, layers: types.ConsumerLayers): Promise<void> {
    const { peer, item } = this.#peers.own(peerId, "consumer", consumerId);
    return peer.setPreferredLayers(item, layers);
  }

  setProducerPaused(peerId: string, producerId: string, paused: boolean): Promise<void> {
    const { peer, item } = this.#peers.own(peerId, "producer", producerId);
    return peer.setProducerPaused(item, paused);
  }

  closeProducer(peerId: string, producerId: string): void {
    const { peer, item } = this.#peers.own(peerId, "producer", producerId);
    peer.closeProducer(item, "closed");
  }

  /** Server-side mute: closes the producers matching every given criterion; returns their ids. */
  closeProducers(filter: { userId?: string; sources?: MediaSource[] }): string[] {
    const closed: string[] = [];
    for (const peer of this.#peers.values()) {
      if (filter.userId !== undefined && peer.info.userId !== filter.userId) continue;
      for (const entry of peer.producers.values()) {
        if (filter.sources && !filter.sources.includes(entry.source)) continue;
        closed.push(entry.producer.id);
        peer.closeProducer(entry, "muted");
      }
    }
    return closed;
  }

  stats(): MediaResult<"stats"> {
    const peers = [...this.#peers.values()];
    return {
      routers: this.#routers.length,
      peers: peers.length,
      transports: this.#transports.used,
      producers: peers.reduce((n, p) => n + p.producers.size, 0),
      consumers: peers.reduce((n, p) => n + p.consumers.size, 0),
      workerPids: [...new Set(this.#routers.map((r) => r.workerPid))],
    };
  }

  /** Closes every router, and with them all transports, producers and consumers; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const router of this.#routers) router.close();
    this.#peers.clear();
  }

  get #main(): ClassRouter {
    return this.#routers[0]!;
  }

  #addPeer(info: MediaPeer, nodeId: string, router: ClassRouter): Peer {
    const peer = new Peer({
      classId: this.id,
      info,
      nodeId,
      router,
      transportOptions: this.#options.transportOptions,
      emit: (event) => this.emit("event", event),
    });
    this.#peers.set(peer.id, peer);
    return peer;
  }

  /** A peer's consumers all live on its router, so that is where the budget is spent. */
  #consumersOn(router: ClassRouter): number {
    let count = 0;
    for (const peer of this.#peers.values()) if (peer.router === router) count += peer.consumers.size;
    return count;
  }

  #routerWithRoom(): Promise<ClassRouter> {
    const roomy = this.#routers.find((r) => this.#consumersOn(r) < this.#options.consumersPerRouter);
    if (roomy) return Promise.resolve(roomy);
    // Joins racing past a full class share one new router.
    this.#growing ??= this.#addRouter().finally(() => {
      this.#growing = undefined;
    });
    return this.#growing;
  }

  async #addRouter(): Promise<ClassRouter> {
    const router = await ClassRouter.create(this.#options.pool.next());
    if (this.#closed) {
      router.close();
      throw new MediaRequestError("not_found", `class ${this.id} closed`);
    }
    this.#routers.push(router);
    return router;
  }

  /** Speech is observed on the main router; audio produced elsewhere is piped there first. */
  async #observeSpeech(entry: PeerProducer): Promise<void> {
    const producerId = entry.producer.id;
    try {
      await this.#main.pipeFrom(entry.owner.router, producerId);
      await this.#speaker.add(producerId);
    } catch (error) {
      // The producer works without it; it may also have closed in the meantime.
      this.#options.logger.warn({ classId: this.id, producerId, err: error }, "audio producer not observed for speech");
    }
  }

  #onSpeaker(producerId: string | null): void {
    const owner =
      producerId === null
        ? undefined
        : (this.#peers.findProducer(producerId) ?? this.#pipes.imported(producerId))?.owner;
    const peerId = owner?.id ?? null;
    if (peerId === this.#speakerPeerId) return;
    this.#speakerPeerId = peerId;
    this.emit("event", { type: "active-speaker", classId: this.id, peerId, userId: owner?.info.userId ?? null });
  }

  #anyProducer(producerId: string): PeerProducer {
    const entry = this.#peers.findProducer(producerId) ?? this.#pipes.imported(producerId);
    if (!entry) throw new MediaRequestError("not_found", `no producer ${producerId} in class ${this.id}`);
    return entry;
  }
}

import type {
  ConsumerParams,
  MediaEvent,
  MediaKind,
  MediaPeer,
  MediaSource,
  ProducerCloseReason,
  TransportParams,
} from "@chalkline/shared";
import type { types } from "mediasoup";
import { MediaRequestError } from "../errors";
import { type Budget, takeAll } from "./budget";
import type { ClassRouter } from "./class-router";
import { withClientInput } from "./client-input";

export type TransportDirection = "send" | "recv";

export interface PeerTransport {
  transport: types.WebRtcTransport;
  direction: TransportDirection;
}

/** A producer with what the class needs to tell others about it. */
export interface PeerProducer {
  producer: types.Producer;
  owner: Peer;
  source: MediaSource;
  /** Set just before the media node closes it; a producer closed by its transport has none. */
  closeReason?: ProducerCloseReason;
}

/** A consumer and whose producer it receives. */
export interface PeerConsumer {
  consumer: types.Consumer;
  source: PeerProducer;
}

export interface PeerOptions {
  classId: string;
  info: MediaPeer;
  /** The server node carrying the peer's signalling: its lease is the peer's (leases.ts). */
  nodeId: string;
  router: ClassRouter;
  /** Listen addresses and protocols of every WebRTC transport. */
  transportOptions: types.WebRtcTransportOptions;
  emit: (event: MediaEvent) => void;
}

/**
 * One socket in a live class: its transports, producers and consumers, all on its router. It
 * publishes an event whenever one of its producers or consumers closes, except when the whole
 * router goes (class closed or reset), which the class announces once instead, and except for its
 * own consumers once it leaves: no one is left to tell, and a removed member must hear nothing more.
 *
 * A browser needs one send and one receive transport, and one producer per source (a new device
 * replaces the track of that producer); a second one of either is refused with `limit_reached`,
 * so a scripted client cannot pile up transports, ports and streams.
 */
export class Peer {
  readonly info: MediaPeer;
  readonly nodeId: string;
  readonly router: ClassRouter;
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, PeerProducer>();
  readonly consumers = new Map<string, PeerConsumer>();
  readonly #classId: string;
  readonly #transportOptions: types.WebRtcTransportOptions;
  readonly #emit: (event: MediaEvent) => void;
  /** Directions and sources being created: a concurrent second request is refused like a sequential one. */
  readonly #openingTransports = new Set<TransportDirection>();
  readonly #openingProducers = new Set<MediaSource>();
  #closed = false;

  constructor(options: PeerOptions) {
    this.info = options.info;
    this.nodeId = options.nodeId;
    this.router = options.router;
    this.#classId = options.classId;
    this.#transportOptions = options.transportOptions;
    this.#emit = options.emit;
  }

  get id(): string {
    return this.info.peerId;
  }

  /** `budgets` (the class's, the node's) are charged one unit for as long as the transport is open. */
  async createTransport(direction: TransportDirection, budgets: readonly Budget[]): Promise<TransportParams> {
    const taken = [...this.transports.values()].some((t) => t.direction === direction);
    if (taken || this.#openingTransports.has(direction)) {
      throw new MediaRequestError("limit_reached", `peer ${this.id} already has a ${direction} transport`);
    }
    const release = takeAll(budgets);
    this.#openingTransports.add(direction);
    let transport: types.WebRtcTransport;
    try {
      transport = await this.router.router.createWebRtcTransport(this.#transportOptions);
    } catch (error) {
      release();
      throw error;
    } finally {
      this.#openingTransports.delete(direction);
    }
    // Also when its router closes (class closed or reset), which closes every transport on it.
    transport.observer.once("close", release);
    // The peer may have left while the worker made it; nothing would ever close it then.
    if (this.#closed) {
      transport.close();
      throw new MediaRequestError("not_found", `peer ${this.id} left`);
    }
    this.transports.set(transport.id, { transport, direction });
    transport.observer.once("close", () => this.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  connect({ transport }: PeerTransport, dtlsParameters: unknown): Promise<void> {
    return withClientInput(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  async produce(
    { transport, direction }: PeerTransport,
    p: { kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused?: boolean },
  ): Promise<PeerProducer> {
    if (direction !== "send")
      throw new MediaRequestError("invalid_payload", `transport ${transport.id} is for receiving`);
    const taken = [...this.producers.values()].some((entry) => entry.source === p.source);
    if (taken || this.#openingProducers.has(p.source)) {
      throw new MediaRequestError("limit_reached", `peer ${this.id} already publishes its ${p.source}`);
    }
    this.#openingProducers.add(p.source);
    const producer = await withClientInput(() =>
      transport.produce({
        kind: p.kind,
        rtpParameters: p.rtpParameters as types.RtpParameters,
        paused: p.paused ?? false,
      }),
    ).finally(() => this.#openingProducers.delete(p.source));
    const entry: PeerProducer = { producer, owner: this, source: p.source };
    this.producers.set(producer.id, entry);
    producer.observer.once("close", () => {
      this.producers.delete(producer.id);
      if (this.router.closed) return;
      const { peerId, userId } = this.info;
      const reason = entry.closeReason ?? "transport-closed";
      this.#emit({
        type: "producer-closed",
        classId: this.#classId,
        producerId: producer.id,
        peerId,
        userId,
        source: p.source,
        reason,
      });
    });
    return entry;
  }

  /** The producer must already be on this peer's router (piped there if it lives elsewhere). */
  async consume(
    { transport, direction }: PeerTransport,
    source: PeerProducer,
    rtpCapabilities: unknown,
  ): Promise<ConsumerParams> {
    if (direction !== "recv")
      throw new MediaRequestError("invalid_payload", `transport ${transport.id} is for sending`);
    const producerId = source.producer.id;
    const capabilities = rtpCapabilities as types.RtpCapabilities;
    const consumable = await withClientInput(async () =>
      this.router.router.canConsume({ producerId, rtpCapabilities: capabilities }),
    );
    if (!consumable)
      throw new MediaRequestError("invalid_payload", `these RTP capabilities cannot receive producer ${producerId}`);
    // Paused until the browser has attached the track and resumes it, so no keyframe is lost.
    const consumer = await withClientInput(() =>
      transport.consume({ producerId, rtpCapabilities: capabilities, paused: true }),
    );
    this.consumers.set(consumer.id, { consumer, source });
    const base = { classId: this.#classId, peerId: this.id, consumerId: consumer.id };
    consumer.observer.once("close", () => {
      this.consumers.delete(consumer.id);
      if (!this.router.closed && !this.#closed) this.#emit({ type: "consumer-closed", ...base, producerId });
    });
    consumer.on("layerschange", (layers?: types.ConsumerLayers) => {
      this.#emit({ type: "consumer-layers", ...base, spatialLayer: layers?.spatialLayer ?? null });
    });
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      source: source.source,
      peerId: source.owner.id,
      userId: source.owner.info.userId,
      paused: consumer.paused,
      producerPaused: consumer.producerPaused,
    };
  }

  async setPreferredLayers({ consumer }: PeerConsumer, layers: types.ConsumerLayers): Promise<void> {
    if (consumer.type !== "simulcast" && consumer.type !== "svc") {
      throw new MediaRequestError("invalid_payload", `consumer ${consumer.id} has no layers (${consumer.type})`);
    }
    await withClientInput(() => consumer.setPreferredLayers(layers));
  }

  async setProducerPaused({ producer }: PeerProducer, paused: boolean): Promise<void> {
    if (paused) await producer.pause();
    else await producer.resume();
    const type = paused ? "producer-paused" : "producer-resumed";
    this.#emit({ type, classId: this.#classId, producerId: producer.id, peerId: this.id });
  }

  /** Closing a producer closes its consumers, on this router and (through the pipes) on the others. */
  closeProducer(entry: PeerProducer, reason: ProducerCloseReason): void {
    entry.closeReason = reason;
    entry.producer.close();
  }

  /** Closes its producers (reason "peer-left"), then its transports with their consumers. */
  close(): void {
    this.#closed = true;
    for (const entry of this.producers.values()) this.closeProducer(entry, "peer-left");
    for (const { transport } of this.transports.values()) transport.close();
  }
}

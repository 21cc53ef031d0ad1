/**
 * What this person receives: one receive transport, created with the first consumer, and one
 * consumer per producer of the others. The server creates each consumer paused; it is resumed once
 * its track is in place, so the first frame that arrives is a keyframe the tile can show.
 */
import type { LiveProducer } from "@chalkline/shared";
import type { types } from "mediasoup-client";
import { ask, LiveCommandError } from "./signal";
import { openTransport } from "./transport";

export interface RemoteTrack {
  producerId: string;
  consumerId: string;
  userId: string;
  kind: "audio" | "video";
  source: LiveProducer["source"];
  track: MediaStreamTrack;
  /** The simulcast layer arriving (0 smallest, 2 full), once the media node has said; null: none yet. */
  spatialLayer: number | null;
}

export class Subscriber {
  /** Received tracks by producer id. */
  tracks = $state.raw<Record<string, RemoteTrack>>({});

  readonly #roomId: string;
  readonly #onFailed: () => void;
  #device: types.Device | null = null;
  #transport: Promise<types.Transport> | null = null;
  #consumers = new Map<string, types.Consumer>();
  /** Producers being consumed right now; one removed meanwhile is dropped when its answer comes. */
  #pending = new Set<string>();
  #layers = new Map<string, number>();

  constructor(roomId: string, onFailed: () => void) {
    this.#roomId = roomId;
    this.#onFailed = onFailed;
  }

  attach(device: types.Device): void {
    this.#device = device;
  }

  /** Starts receiving `producer`; does nothing when it already is. */
  async consume(producer: LiveProducer): Promise<void> {
    const device = this.#device;
    const id = producer.producerId;
    if (!device || this.#consumers.has(id) || this.#pending.has(id)) return;
    this.#pending.add(id);
    try {
      const transport = await this.#recvTransport(device);
      const answer = await ask("live:consume", {
        roomId: this.#roomId,
        transportId: transport.id,
        producerId: id,
        rtpCapabilities: device.recvRtpCapabilities as unknown as Record<string, unknown>,
      });
      const consumer = await transport.consume({
        id: answer.id,
        producerId: answer.producerId,
        kind: answer.kind,
        rtpParameters: answer.rtpParameters as unknown as types.RtpParameters,
        // A person's camera and microphone share a stream, so the browser keeps them in lip sync.
        streamId: `${answer.userId}-${answer.source === "screen" ? "screen" : "av"}`,
      });
      if (!this.#pending.has(id) || this.#device !== device) {
        consumer.close();
        return;
      }
      this.#consumers.set(id, consumer);
      consumer.on("transportclose", () => this.remove(id));
      this.tracks = {
        ...this.tracks,
        [id]: {
          producerId: id,
          consumerId: consumer.id,
          userId: answer.userId,
          kind: answer.kind,
          source: answer.source,
          track: consumer.track,
          spatialLayer: null,
        },
      };
      await ask("live:consumer:resume", { roomId: this.#roomId, consumerId: consumer.id });
    } catch (error) {
      // The producer went away while this was on its way: nothing to show.
      if (error instanceof LiveCommandError && error.body.code === "not_found") this.remove(id);
      else console.warn("live: could not receive", producer.source, "of", producer.user.displayName, error);
    } finally {
      this.#pending.delete(id);
    }
  }

  remove(producerId: string): void {
    this.#pending.delete(producerId);
    this.#layers.delete(producerId);
    const consumer = this.#consumers.get(producerId);
    this.#consumers.delete(producerId);
    consumer?.close();
    if (producerId in this.tracks) {
      const { [producerId]: _gone, ...rest } = this.tracks;
      this.tracks = rest;
    }
  }

  /** The media node switched one of this person's consumers to another simulcast layer. */
  layerChanged(consumerId: string, spatialLayer: number | null): void {
    const track = Object.values(this.tracks).find((t) => t.consumerId === consumerId);
    // Tiles are laid out again on every change of `tracks`: only a real change makes one.
    if (track && track.spatialLayer !== spatialLayer) {
      this.tracks = { ...this.tracks, [track.producerId]: { ...track, spatialLayer } };
    }
  }

  /** Asks for the simulcast layer a tile of this size needs (0 smallest, 2 full); repeated asks are dropped. */
  preferLayer(producerId: string, spatialLayer: 0 | 1 | 2): void {
    const consumer = this.#consumers.get(producerId);
    // Only the camera is sent in simulcast layers.
    if (!consumer || this.tracks[producerId]?.source !== "camera" || this.#layers.get(producerId) === spatialLayer) {
      return;
    }
    this.#layers.set(producerId, spatialLayer);
    void ask("live:consumer:layers", { roomId: this.#roomId, consumerId: consumer.id, spatialLayer }).catch(() =>
      this.#layers.delete(producerId),
    );
  }

  /** Closes the transport and every consumer. */
  detach(): void {
    const transport = this.#transport;
    this.#transport = null;
    this.#device = null;
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    this.#pending.clear();
    this.#layers.clear();
    this.tracks = {};
    void transport?.then((t) => t.close()).catch(() => {});
  }

  #recvTransport(device: types.Device): Promise<types.Transport> {
    if (!this.#transport) {
      const opening = openTransport(this.#roomId, device, "recv", this.#onFailed);
      opening.catch(() => {
        if (this.#transport === opening) this.#transport = null;
      });
      this.#transport = opening;
    }
    return this.#transport;
  }
}

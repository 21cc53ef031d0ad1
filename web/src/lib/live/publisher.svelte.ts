/**
 * What this person sends: one send transport, created on the first publish, and at most one
 * producer per source (camera, microphone, screen). The camera goes out in three simulcast layers
 * so each viewer's consumer can take the one its tile needs.
 */
import type { MediaSourceName } from "@chalkline/shared";
import type { types } from "mediasoup-client";
import { ask, LiveCommandError } from "./signal";
import { openTransport, type SourceAppData } from "./transport";

export interface OwnTrack {
  producerId: string;
  paused: boolean;
  track: MediaStreamTrack;
}

export type OwnTracks = Partial<Record<MediaSourceName, OwnTrack>>;

/** What was published before a rejoin, to publish again after it. */
export interface Republish {
  source: "camera" | "mic";
  paused: boolean;
}

/** Low, medium and full resolution; a viewer's small tile takes the first, the spotlight the last. */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];
const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [{ maxBitrate: 1_500_000 }];

function produceOptions(source: MediaSourceName, track: MediaStreamTrack, paused: boolean): types.ProducerOptions {
  const appData: SourceAppData = { source, ...(paused ? { paused } : {}) };
  switch (source) {
    case "camera":
      return { track, encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 }, appData };
    case "screen":
      return { track, encodings: SCREEN_ENCODINGS, appData };
    case "mic":
      return { track, codecOptions: { opusDtx: true, opusFec: true }, appData };
  }
}

export class Publisher {
  /** This person's published tracks, for the controls and the self view. */
  mine = $state.raw<OwnTracks>({});

  readonly #roomId: string;
  readonly #onFailed: () => void;
  #device: types.Device | null = null;
  #transport: Promise<types.Transport> | null = null;
  #producers = new Map<MediaSourceName, types.Producer>();
  #publishing = new Map<MediaSourceName, Promise<void>>();

  constructor(roomId: string, onFailed: () => void) {
    this.#roomId = roomId;
    this.#onFailed = onFailed;
  }

  attach(device: types.Device): void {
    this.#device = device;
  }

  /** Publishes `track` as `source`, or swaps it in when that source is already out (a new device). */
  async publish(source: MediaSourceName, track: MediaStreamTrack, paused = false): Promise<void> {
    // The server keeps one producer per source and refuses a second (limit_reached): a publish
    // that comes while the first is on its way waits for it, then swaps its track in.
    const earlier = this.#publishing.get(source);
    const run = (earlier?.catch(() => {}) ?? Promise.resolve()).then(() => this.#publish(source, track, paused));
    this.#publishing.set(source, run);
    try {
      await run;
    } finally {
      if (this.#publishing.get(source) === run) this.#publishing.delete(source);
    }
  }

  async #publish(source: MediaSourceName, track: MediaStreamTrack, paused: boolean): Promise<void> {
    const known = this.#producers.get(source);
    if (known && !known.closed) {
      await known.replaceTrack({ track });
      this.#set(source, { producerId: known.id, paused: known.paused, track });
      return;
    }
    const device = this.#device;
    if (!device) {
      track.stop();
      throw new Error("not joined");
    }
    if (!device.canProduce(track.kind as types.MediaKind)) {
      track.stop();
      throw new DOMException(`this browser cannot send ${track.kind}`, "NotSupportedError");
    }
    let producer: types.Producer;
    try {
      const transport = await this.#sendTransport(device);
      producer = await transport.produce(produceOptions(source, track, paused));
    } catch (error) {
      track.stop();
      throw error;
    }
    if (this.#device !== device) {
      // Torn down (a rejoin or leaving) while the server was answering.
      producer.close();
      return;
    }
    if (paused) producer.pause();
    this.#producers.set(source, producer);
    producer.on("transportclose", () => this.#forget(source, producer));
    // The person ended a screen share from the browser's own "Stop sharing" bar, or unplugged a device.
    producer.on("trackended", () => void this.stop(source));
    this.#set(source, { producerId: producer.id, paused: producer.paused, track });
  }

  /** Mute or unmute, camera off or on; the server refuses an unmute during a hard mute. */
  async setPaused(source: MediaSourceName, paused: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer || producer.closed || producer.paused === paused) return;
    const apply = (value: boolean) => {
      if (value) producer.pause();
      else producer.resume();
      const own = this.mine[source];
      if (own) this.#set(source, { ...own, paused: value });
    };
    // Muting takes effect here at once; unmuting waits for the server's yes.
    if (paused) apply(true);
    try {
      await ask(paused ? "live:producer:pause" : "live:producer:resume", {
        roomId: this.#roomId,
        producerId: producer.id,
      });
      if (!paused) apply(false);
    } catch (error) {
      if (paused && !(error instanceof LiveCommandError && error.body.code === "not_found")) apply(false);
      throw error;
    }
  }

  /** Stops publishing `source` (the camera and mic are usually paused instead; the screen stops). */
  async stop(source: MediaSourceName): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) return;
    this.#forget(source, producer);
    producer.close();
    await ask("live:producer:close", { roomId: this.#roomId, producerId: producer.id }).catch(() => {
      // Already gone on the server: closing is what was wanted.
    });
  }

  /** The server closed one of this person's producers; answers which source it was, if any. */
  closedByServer(producerId: string): MediaSourceName | null {
    for (const [source, producer] of this.#producers) {
      if (producer.id !== producerId) continue;
      this.#forget(source, producer);
      producer.close();
      return source;
    }
    return null;
  }

  /** Closes what the server no longer allows (after being taken off stage, or a hard mute). */
  closeLocally(sources: MediaSourceName[]): void {
    for (const source of sources) {
      const producer = this.#producers.get(source);
      if (!producer) continue;
      this.#forget(source, producer);
      producer.close();
    }
  }

  /** Closes the transport and every producer; answers what to publish again after a rejoin. */
  detach(): Republish[] {
    const again: Republish[] = [];
    for (const source of ["camera", "mic"] as const) {
      const own = this.mine[source];
      if (own) again.push({ source, paused: own.paused });
    }
    const transport = this.#transport;
    this.#transport = null;
    this.#device = null;
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    this.mine = {};
    void transport?.then((t) => t.close()).catch(() => {});
    return again;
  }

  #sendTransport(device: types.Device): Promise<types.Transport> {
    if (!this.#transport) {
      const opening = openTransport(this.#roomId, device, "send", this.#onFailed);
      // A failed attempt is not kept: the next publish tries again.
      opening.catch(() => {
        if (this.#transport === opening) this.#transport = null;
      });
      this.#transport = opening;
    }
    return this.#transport;
  }

  #forget(source: MediaSourceName, producer: types.Producer): void {
    if (this.#producers.get(source) !== producer) return;
    this.#producers.delete(source);
    const { [source]: _gone, ...rest } = this.mine;
    this.mine = rest;
  }

  #set(source: MediaSourceName, own: OwnTrack): void {
    this.mine = { ...this.mine, [source]: own };
  }
}

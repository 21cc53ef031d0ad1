/**
 * mediasoup for the media bench: loaded after MEDIASOUP_WORKER_BIN is set, workers the cleanup
 * closes, a synthetic VP8 producer, and fleets of loopback consumers.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { types as ms } from "mediasoup";
import { startVp8Sender, VIDEO_SSRC, VP8_PAYLOAD_TYPE, type Vp8Sender } from "./rtp-loopback";
import type { BenchContext } from "./run";

type Mediasoup = typeof import("mediasoup");

const LISTEN_IP = "127.0.0.1";
/** Consumers are created this many at a time: each is three requests to the worker. */
const CREATE_BATCH = 50;

/** The router's codec: VP8 as media/src configures it. */
const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: "video", mimeType: "video/VP8", clockRate: 90_000, parameters: { "x-google-start-bitrate": 1000 } },
];

/**
 * mediasoup 3.8 reads MEDIASOUP_WORKER_BIN once, when the module loads: it is set first, falling
 * back to where `npm run setup` caches the worker (as the integration tests do).
 */
export async function loadMediasoup(): Promise<Mediasoup> {
  process.env.MEDIASOUP_WORKER_BIN ||= join(
    process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
    "chalkline",
    "mediasoup-worker-3.8.4",
  );
  if (!existsSync(process.env.MEDIASOUP_WORKER_BIN)) {
    throw new Error(`no mediasoup worker at ${process.env.MEDIASOUP_WORKER_BIN}: run "npm run setup"`);
  }
  return import("mediasoup");
}

export interface BenchWorker {
  worker: ms.Worker;
  router: ms.Router;
  /** Throws if the worker died since it started: its figures would be meaningless. */
  assertAlive(): void;
  /** Closes the worker now (else the cleanup does). */
  close(): Promise<void>;
}

/** A worker with one router, closed by the cleanup. */
export async function startWorker(ctx: BenchContext, mediasoup: Mediasoup, label: string): Promise<BenchWorker> {
  const { value: worker, release } = await ctx.cleanup.start(label, mediasoup.createWorker({ logLevel: "warn" }), (w) =>
    w.close(),
  );
  let died: Error | undefined;
  worker.once("died", (error: Error) => {
    died = error;
  });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  ctx.progress(`${label}: mediasoup worker pid ${worker.pid}`);
  return {
    worker,
    router,
    assertAlive: () => {
      if (died) throw new Error(`${label} (pid ${worker.pid}) died: ${died.message}`);
    },
    close: release,
  };
}

export interface SyntheticProducer {
  producer: ms.Producer;
  sender: Vp8Sender;
  /** Stops the sender now (else the cleanup does); the producer goes with its router. */
  stop(): Promise<void>;
}

/** A VP8 producer on a comedia PlainTransport, fed by the synthetic sender; the cleanup stops it. */
export async function startSyntheticProducer(ctx: BenchContext, router: ms.Router): Promise<SyntheticProducer> {
  const transport = await router.createPlainTransport({ listenIp: LISTEN_IP, rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: "video",
    rtpParameters: {
      codecs: [
        {
          mimeType: "video/VP8",
          payloadType: VP8_PAYLOAD_TYPE,
          clockRate: 90_000,
          rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }, { type: "ccm", parameter: "fir" }],
        },
      ],
      encodings: [{ ssrc: VIDEO_SSRC }],
      rtcp: { cname: "media-bench" },
    },
  });
  const { value: sender, release } = await ctx.cleanup.start(
    "vp8 sender",
    startVp8Sender(transport.tuple.localPort),
    (s) => s.close(),
  );
  return { producer, sender, stop: release };
}

/**
 * Consumers of one producer on one router, each on its own PlainTransport (as each viewer has its
 * own WebRtcTransport), sending to the sink ports round-robin. With `srtp`, every transport
 * encrypts what it sends, as a WebRtcTransport must.
 */
export class ConsumerFleet {
  readonly #members: Array<{ transport: ms.PlainTransport; consumer: ms.Consumer }> = [];
  #payloadType: number | undefined;

  constructor(
    private readonly router: ms.Router,
    private readonly producerId: string,
    private readonly sinkPorts: number[],
    private readonly srtp: boolean,
  ) {}

  get size(): number {
    return this.#members.length;
  }

  /** The payload type the consumers send the media with (known once there is one). */
  get payloadType(): number | undefined {
    return this.#payloadType;
  }

  /** Adds consumers until there are `count`. */
  async growTo(count: number): Promise<void> {
    while (this.size < count) {
      const batch = Math.min(CREATE_BATCH, count - this.size);
      const created = await Promise.all(Array.from({ length: batch }, (_, i) => this.#create(this.size + i)));
      this.#members.push(...created);
    }
  }

  /** Closes the newest consumers (and their transports) until there are `count`. */
  shrinkTo(count: number): void {
    for (const { transport } of this.#members.splice(count)) transport.close();
  }

  /** Pauses or resumes every consumer: a paused one forwards nothing, its transport idles. */
  async setPaused(paused: boolean): Promise<void> {
    await Promise.all(this.#members.map(({ consumer }) => (paused ? consumer.pause() : consumer.resume())));
  }

  close(): void {
    this.shrinkTo(0);
  }

  async #create(index: number): Promise<{ transport: ms.PlainTransport; consumer: ms.Consumer }> {
    const transport = await this.router.createPlainTransport({
      listenIp: LISTEN_IP,
      rtcpMux: true,
      comedia: false,
      enableSrtp: this.srtp,
    });
    try {
      await transport.connect({
        ip: LISTEN_IP,
        port: this.sinkPorts[index % this.sinkPorts.length]!,
        // The key the far end would encrypt its RTCP with: the sink sends none.
        ...(this.srtp && {
          srtpParameters: { cryptoSuite: "AES_CM_128_HMAC_SHA1_80", keyBase64: randomBytes(30).toString("base64") },
        }),
      });
      const consumer = await transport.consume({
        producerId: this.producerId,
        rtpCapabilities: this.router.rtpCapabilities,
      });
      this.#payloadType ??= consumer.rtpParameters.codecs[0]?.payloadType;
      return { transport, consumer };
    } catch (error) {
      transport.close();
      throw error;
    }
  }
}

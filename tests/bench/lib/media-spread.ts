/**
 * A class spread over media nodes, as the cluster does it: the producer on the first node's
 * router, piped to every other node's router over a pair of PipeTransports (with RTX and SRTP, as
 * media/src/classes/pipe-links.ts makes them), and its consumers shared evenly between the nodes.
 * Here each node is one mediasoup worker (a media node with MEDIA_WORKERS=1).
 */
import type { types as ms } from "mediasoup";
import { ConsumerFleet } from "./mediasoup";

const LISTEN_IP = "127.0.0.1";

/** Pipes `producerId` from one node's router to another's, as two media nodes do; returns the pipe consumer. */
export async function pipeAcrossNodes(from: ms.Router, to: ms.Router, producerId: string): Promise<ms.Consumer> {
  const [out, into] = await Promise.all([
    from.createPipeTransport({ listenIp: LISTEN_IP, enableRtx: true, enableSrtp: true }),
    to.createPipeTransport({ listenIp: LISTEN_IP, enableRtx: true, enableSrtp: true }),
  ]);
  await Promise.all([
    out.connect({ ip: into.tuple.localIp, port: into.tuple.localPort, srtpParameters: into.srtpParameters }),
    into.connect({ ip: out.tuple.localIp, port: out.tuple.localPort, srtpParameters: out.srtpParameters }),
  ]);
  const pipeConsumer = await out.consume({ producerId });
  await into.produce({
    id: producerId,
    kind: pipeConsumer.kind,
    rtpParameters: pipeConsumer.rtpParameters,
    paused: pipeConsumer.producerPaused,
  });
  return pipeConsumer;
}

/** Consumers of one producer shared evenly between routers (the first ones get the odd one). */
export class SpreadFleet {
  readonly #fleets: ConsumerFleet[];

  constructor(routers: ms.Router[], producerId: string, sinkPorts: number[], srtp: boolean) {
    this.#fleets = routers.map((router) => new ConsumerFleet(router, producerId, sinkPorts, srtp));
  }

  get size(): number {
    return this.#fleets.reduce((n, f) => n + f.size, 0);
  }

  get payloadType(): number | undefined {
    return this.#fleets[0]?.payloadType;
  }

  async growTo(count: number): Promise<void> {
    await Promise.all(this.#fleets.map((f, i) => f.growTo(this.#share(count, i))));
  }

  shrinkTo(count: number): void {
    this.#fleets.forEach((f, i) => {
      f.shrinkTo(this.#share(count, i));
    });
  }

  #share(count: number, index: number): number {
    const n = this.#fleets.length;
    return Math.floor(count / n) + (index < count % n ? 1 : 0);
  }
}

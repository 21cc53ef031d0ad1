import { createSocket } from "node:dgram";
import { once } from "node:events";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { useMediasoupWorkerBin } from "../testing/worker-bin";
import { WorkerPool } from "../workers";
import { ClassRouter } from "./class-router";
import { ActiveSpeaker } from "./speaker";

useMediasoupWorkerBin();

const AUDIO_LEVEL_EXTENSION_ID = 1;
const OPUS_PAYLOAD_TYPE = 111;

/** An Opus RTP packet carrying an RFC 6464 audio level (0 is loudest, 127 silence), in RFC 8285 one-byte form. */
function rtpPacket(ssrc: number, seq: number, levelDbov: number): Buffer {
  const packet = Buffer.alloc(12 + 8 + 3);
  packet.writeUInt8(0x90, 0); // version 2, header extension present
  packet.writeUInt8(OPUS_PAYLOAD_TYPE, 1);
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 960) >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  packet.writeUInt16BE(0xbede, 12);
  packet.writeUInt16BE(1, 14); // one 32-bit word of extensions
  packet.writeUInt8((AUDIO_LEVEL_EXTENSION_ID << 4) | 0, 16);
  packet.writeUInt8(0x80 | -levelDbov, 17); // voice activity, level
  packet.set([0xf8, 0xff, 0xfe], 20); // an Opus frame
  return packet;
}

const pools: WorkerPool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

describe("ActiveSpeaker", () => {
  it("names the producer that speaks, once, and null when it falls silent", async () => {
    const pool = await WorkerPool.create({
      workerCount: 1,
      rtcMinPort: 43_000,
      rtcMaxPort: 43_999,
      logger: pino({ level: "silent" }),
    });
    pools.push(pool);
    const { router } = await ClassRouter.create(pool.next());
    const speaker = await ActiveSpeaker.create(router);
    const changes: (string | null)[] = [];
    speaker.on("change", (producerId) => changes.push(producerId));

    // A plain RTP transport stands in for a browser: it learns where packets come from (comedia).
    const transport = await router.createPlainTransport({ listenIp: "127.0.0.1", comedia: true, rtcpMux: true });
    const ssrc = 55_555_555;
    const producer = await transport.produce({
      kind: "audio",
      rtpParameters: {
        codecs: [{ mimeType: "audio/opus", payloadType: OPUS_PAYLOAD_TYPE, clockRate: 48_000, channels: 2 }],
        headerExtensions: [{ uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: AUDIO_LEVEL_EXTENSION_ID }],
        encodings: [{ ssrc }],
      },
    });
    await speaker.add(producer.id);

    const socket = createSocket("udp4");
    let seq = 0;
    const talking = setInterval(
      () => socket.send(rtpPacket(ssrc, seq++, -20), transport.tuple.localPort, "127.0.0.1"),
      20,
    );
    try {
      const [first] = await once(speaker, "change");
      expect(first).toBe(producer.id);
      // Still talking over two more windows: no repeated announcement.
      await new Promise((resolve) => setTimeout(resolve, 1_700));
      expect(changes).toEqual([producer.id]);
    } finally {
      clearInterval(talking);
    }
    const [quiet] = await once(speaker, "change");
    expect(quiet).toBeNull();
    expect(changes).toEqual([producer.id, null]);
    socket.close();
  });
});

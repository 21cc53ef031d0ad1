/**
 * Synthetic media on loopback: a VP8 camera written as RTP by hand into a mediasoup PlainTransport,
 * and counting sinks (a child process, see rtp-sink.ts) that the consumers' transports send to.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { fileURLToPath } from "node:url";

export const VP8_PAYLOAD_TYPE = 101;
export const VIDEO_SSRC = 0x0c0ffee0;
/** 30 frames of 5 packets of 1000 payload bytes: 150 packets/s, about 1.2 Mbit/s, a 360p camera. */
export const VIDEO_FPS = 30;
export const PACKETS_PER_FRAME = 5;
export const PAYLOAD_BYTES = 1000;
const VP8_CLOCK_RATE = 90_000;
/** After a stall (a busy event loop), catch up at most this many frames at once. */
const MAX_CATCH_UP_FRAMES = 3;
const SINK_START_TIMEOUT_MS = 20_000;

const RTP_HEADER_BYTES = 12;
/** X=1 (mediasoup ignores VP8 without the extension byte), I=1 with a 15-bit picture id, L=1, T=1. */
const VP8_DESCRIPTOR_BYTES = 6;
/** The filler after the descriptor; only the first bytes of a frame's first packet are read. */
const FILLER = randomBytes(PAYLOAD_BYTES);

export interface Vp8Sender {
  /** RTP packets sent so far. */
  sent(): number;
  /** PLI and FIR messages received so far, each answered with a key frame. */
  keyFrameRequests(): number;
  /** NACKs received so far (left unanswered: loopback should lose nothing). */
  nacks(): number;
  /**
   * Makes the next frame a key frame, as a periodic key frame would: a consumer whose first key
   * frame was lost (an overloaded worker drops input) starts forwarding again.
   */
  sendKeyFrame(): void;
  close(): Promise<void>;
}

/**
 * Sends a VP8 stream to a comedia PlainTransport at `127.0.0.1:port`, paced by the clock in
 * frame-sized bursts as an encoder does. mediasoup's answers (RTCP, rtcp-mux) come back to the same
 * socket: PLI and FIR make the next frame a key frame, which a new video consumer waits for.
 */
export async function startVp8Sender(port: number): Promise<Vp8Sender> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  let sent = 0;
  let frames = 0;
  let keyFrameWanted = true;
  let keyFrameRequests = 0;
  let nacks = 0;
  let sequence = randomBytes(2).readUInt16BE(0) & 0x7fff;
  const firstTimestamp = randomBytes(4).readUInt32BE(0);

  socket.on("message", (message) => {
    forEachRtcp(message, (packetType, format) => {
      if (packetType === 206 && (format === 1 || format === 4)) {
        keyFrameRequests++;
        keyFrameWanted = true;
      } else if (packetType === 205 && format === 1) nacks++;
    });
  });

  const sendFrame = () => {
    const keyFrame = keyFrameWanted;
    keyFrameWanted = false;
    const timestamp = (firstTimestamp + frames * (VP8_CLOCK_RATE / VIDEO_FPS)) >>> 0;
    for (let i = 0; i < PACKETS_PER_FRAME; i++) {
      const packet = vp8Packet({
        sequence,
        timestamp,
        marker: i === PACKETS_PER_FRAME - 1,
        frameStart: i === 0,
        keyFrame,
        pictureId: frames & 0x7fff,
        tl0PicIndex: frames & 0xff,
      });
      sequence = (sequence + 1) & 0xffff;
      socket.send(packet, port, "127.0.0.1");
      sent++;
    }
    frames++;
  };

  const startedAt = performance.now();
  const timer = setInterval(
    () => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * VIDEO_FPS) + 1 - frames;
      if (due > MAX_CATCH_UP_FRAMES) frames += due - MAX_CATCH_UP_FRAMES;
      for (let i = 0; i < Math.min(due, MAX_CATCH_UP_FRAMES); i++) sendFrame();
    },
    1000 / VIDEO_FPS / 2,
  );

  return {
    sent: () => sent,
    keyFrameRequests: () => keyFrameRequests,
    nacks: () => nacks,
    sendKeyFrame: () => {
      keyFrameWanted = true;
    },
    close: () => {
      clearInterval(timer);
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

function vp8Packet(p: {
  sequence: number;
  timestamp: number;
  marker: boolean;
  frameStart: boolean;
  keyFrame: boolean;
  pictureId: number;
  tl0PicIndex: number;
}): Buffer {
  const packet = Buffer.alloc(RTP_HEADER_BYTES + PAYLOAD_BYTES);
  packet[0] = 0x80; // version 2, no padding, no extension, no CSRC
  packet[1] = (p.marker ? 0x80 : 0) | VP8_PAYLOAD_TYPE;
  packet.writeUInt16BE(p.sequence, 2);
  packet.writeUInt32BE(p.timestamp, 4);
  packet.writeUInt32BE(VIDEO_SSRC, 8);
  FILLER.copy(packet, RTP_HEADER_BYTES + VP8_DESCRIPTOR_BYTES, 0, PAYLOAD_BYTES - VP8_DESCRIPTOR_BYTES);
  // VP8 payload descriptor (RFC 7741 §4.2): X, S on a frame's first packet, partition index 0.
  let o = RTP_HEADER_BYTES;
  packet[o++] = 0x80 | (p.frameStart ? 0x10 : 0);
  packet[o++] = 0xe0; // I, L, T
  packet.writeUInt16BE(0x8000 | p.pictureId, o); // M=1: 15-bit picture id
  o += 2;
  packet[o++] = p.tl0PicIndex;
  packet[o++] = 0x20; // TID 0, Y=1
  if (p.frameStart) {
    // VP8 frame tag (RFC 6386 §9.1): bit 0 is 0 on a key frame; show_frame; then a key frame's
    // start code and a 640×360 size.
    packet[o++] = (p.keyFrame ? 0 : 1) | 0x10;
    packet[o++] = 0;
    packet[o++] = 0;
    if (p.keyFrame) {
      packet.set([0x9d, 0x01, 0x2a], o);
      packet.writeUInt16LE(640, o + 3);
      packet.writeUInt16LE(360, o + 5);
    }
  }
  return packet;
}

/** Calls `visit` with each packet type and count/format field of an RTCP compound packet. */
function forEachRtcp(message: Buffer, visit: (packetType: number, format: number) => void): void {
  for (let offset = 0; offset + 4 <= message.length; ) {
    const packetType = message[offset + 1]!;
    if (message[offset]! >> 6 !== 2 || packetType < 192 || packetType > 223) return;
    visit(packetType, message[offset]! & 0x1f);
    offset += (message.readUInt16BE(offset + 2) + 1) * 4;
  }
}

/** Packets the sinks read so far, by kind. */
export interface SinkCounts {
  /** RTP of the given payload type, marker bit or not. */
  media: number;
  rtcp: number;
  /** Any other RTP: retransmissions, probation padding. */
  otherRtp: number;
  bytes: number;
}

export interface RtpSink {
  ports: number[];
  pid: number;
  counts(mediaPayloadType: number): Promise<SinkCounts>;
  stop(): Promise<void>;
}

/** Starts the sink process with `sockets` sockets; resolves once they are bound. */
export function startRtpSink(sockets: number): Promise<RtpSink> {
  const script = fileURLToPath(new URL("./rtp-sink.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, SINK_SOCKETS: String(sockets) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.stdin.end();
    await exited;
  };
  const waiting: Array<(line: string) => void> = [];
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      waiting.shift()?.(line);
    }
  });
  const nextLine = (label: string) =>
    new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`rtp sink exited with ${code} ${label}`));
      child.once("exit", onExit);
      waiting.push((line) => {
        child.off("exit", onExit);
        resolve(line);
      });
    });

  const counts = async (mediaPayloadType: number): Promise<SinkCounts> => {
    const answer = nextLine("while counting");
    child.stdin.write("stats\n");
    const { counts: byByte, bytes } = JSON.parse(await answer) as { counts: Record<string, number>; bytes: number };
    const result: SinkCounts = { media: 0, rtcp: 0, otherRtp: 0, bytes };
    for (const [key, count] of Object.entries(byByte)) {
      const byte = Number(key);
      if (byte >= 200 && byte <= 206) result.rtcp += count;
      else if ((byte & 0x7f) === mediaPayloadType) result.media += count;
      else result.otherRtp += count;
    }
    return result;
  };

  const started = nextLine("before binding its sockets");
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`rtp sink not bound within ${SINK_START_TIMEOUT_MS} ms`)),
      SINK_START_TIMEOUT_MS,
    ).unref(),
  );
  return Promise.race([started, timeout]).then(
    (line) => {
      const { ports } = JSON.parse(line) as { ports: number[] };
      return { ports, pid: child.pid!, counts, stop };
    },
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
}

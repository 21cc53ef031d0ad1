import type { Ack } from "@chalkline/shared";
import type { ClientSocket } from "./clients";

/** Opus as a browser would send it: what a producer needs without a browser. */
export const OPUS_RTP = {
  codecs: [{ mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2, parameters: {} }],
  encodings: [{ ssrc: 11_111_111 }],
  headerExtensions: [],
  rtcp: { cname: "test" },
};

export const VP8_RTP = {
  codecs: [{ mimeType: "video/VP8", payloadType: 96, clockRate: 90000, parameters: {} }],
  encodings: [{ ssrc: 22_222_222 }],
  headerExtensions: [],
  rtcp: { cname: "test" },
};

/** The data of a successful ack, or a throw that shows the error. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Joins the room and its live media, and opens a send transport: ready to produce. */
export async function joinWithSendTransport(socket: ClientSocket, roomId: string) {
  ok(await socket.emitWithAck("room:join", { roomId }));
  const joined = ok(await socket.emitWithAck("live:join", { roomId }));
  const transport = ok(await socket.emitWithAck("live:transport:create", { roomId, direction: "send" }));
  return { joined, transportId: transport.id };
}

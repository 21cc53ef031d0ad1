import { randomBytes } from "node:crypto";
import type { MediaPeer } from "@chalkline/shared";

/**
 * What a browser would send, written out by hand as mediasoup's own tests do: enough for the
 * worker to accept transports, producers and consumers without any media flowing.
 */

/** A browser's DTLS side: connect only records it until packets arrive. */
export const dtlsParameters = {
  role: "client",
  fingerprints: [
    {
      algorithm: "sha-256",
      value: "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD",
    },
  ],
} as const;

/** A microphone: one Opus stream with audio levels, as the speaker observer reads them. */
export function opusRtpParameters(ssrc: number) {
  return {
    mid: `audio-${ssrc}`,
    codecs: [{ mimeType: "audio/opus", payloadType: 111, clockRate: 48_000, channels: 2 }],
    headerExtensions: [{ uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level", id: 10 }],
    encodings: [{ ssrc }],
    rtcp: { cname: `cname-${ssrc}` },
  };
}

/** A camera sending three VP8 simulcast layers. */
export function simulcastVp8RtpParameters(ssrc: number) {
  return {
    mid: `video-${ssrc}`,
    codecs: [{ mimeType: "video/VP8", payloadType: 96, clockRate: 90_000 }],
    encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }],
    rtcp: { cname: `cname-${ssrc}` },
  };
}

/** A socket of a user; every call is a new socket id. */
export function peer(userId: string): MediaPeer {
  return { peerId: `socket-${randomBytes(6).toString("hex")}`, userId, displayName: `User ${userId}` };
}

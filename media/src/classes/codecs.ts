import type { types } from "mediasoup";

/**
 * What every class router offers. Opus for audio; VP8 (simulcast in every browser) and H264
 * (hardware encoders, Safari) for video. Every router of a class gets the same list, so a producer
 * piped between them keeps its payload types.
 */
export const ROUTER_MEDIA_CODECS: types.RtpCodecCapability[] = [
  { kind: "audio", mimeType: "audio/opus", clockRate: 48_000, channels: 2 },
  { kind: "video", mimeType: "video/VP8", clockRate: 90_000, parameters: { "x-google-start-bitrate": 1000 } },
  {
    kind: "video",
    mimeType: "video/H264",
    clockRate: 90_000,
    parameters: { "packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1 },
  },
];

/**
 * One WebRTC transport to the media node, created through the signalling socket. mediasoup-client
 * asks for the DTLS handshake the first time media flows ("connect") and, on a send transport, for
 * a server-side producer each time a track is published ("produce"); both become socket commands.
 */
import type { MediaSourceName } from "@chalkline/shared";
import type { types } from "mediasoup-client";
import { ask } from "./signal";

export type Direction = "send" | "recv";

/** What a producer carries in its appData: the source tells a camera from a screen share. */
export interface SourceAppData extends types.AppData {
  source: MediaSourceName;
  /** Publish paused (a muted microphone published again after a rejoin). */
  paused?: boolean;
}

/** WebRTC parameters travel through the contract as opaque objects; mediasoup validates them. */
const opaque = (value: object): Record<string, unknown> => value as Record<string, unknown>;

export async function openTransport(
  roomId: string,
  device: types.Device,
  direction: Direction,
  onFailed: () => void,
): Promise<types.Transport> {
  const params = await ask("live:transport:create", { roomId, direction });
  const options: types.TransportOptions = {
    id: params.id,
    iceParameters: params.iceParameters as unknown as types.IceParameters,
    iceCandidates: params.iceCandidates as unknown as types.IceCandidate[],
    dtlsParameters: params.dtlsParameters as unknown as types.DtlsParameters,
  };
  const transport = direction === "send" ? device.createSendTransport(options) : device.createRecvTransport(options);

  transport.on("connect", ({ dtlsParameters }, callback, errback) => {
    ask("live:transport:connect", { roomId, transportId: transport.id, dtlsParameters: opaque(dtlsParameters) }).then(
      () => callback(),
      errback,
    );
  });

  if (direction === "send") {
    transport.on("produce", ({ kind, rtpParameters, appData }, callback, errback) => {
      const { source, paused } = appData as SourceAppData;
      ask("live:produce", {
        roomId,
        transportId: transport.id,
        kind,
        source,
        rtpParameters: opaque(rtpParameters),
        ...(paused ? { paused: true } : {}),
      }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
  }

  // "disconnected" often heals by itself; "failed" does not, and the session joins again.
  transport.on("connectionstatechange", (state) => {
    if (state === "failed") onFailed();
  });
  return transport;
}

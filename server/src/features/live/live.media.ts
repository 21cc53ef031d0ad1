import { type MediaClient, type MediaEvent, MediaRequestError } from "@chalkline/media";
import { rooms } from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { AppServer } from "../../platform/realtime";

/** A media node's refusal, as the error the client is acked with (the codes are the platform's). */
export async function mediaCall<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof MediaRequestError) throw new AppError(error.code, error.message);
    throw error;
  }
}

/** Who spoke last in each room's media, as this node heard from the media node. */
export type ActiveSpeakers = Map<string, string | null>;

/**
 * Every server node hears every media event and passes it to its own sockets only (`io.local`),
 * so each client gets it once whichever node carries it. A room's media class id is the room id.
 */
export function relayMediaEvents(io: AppServer, media: MediaClient): ActiveSpeakers {
  const speakers: ActiveSpeakers = new Map();
  media.on("event", (e: MediaEvent) => {
    const room = io.local.to(rooms.live(e.classId));
    const roomId = e.classId;
    switch (e.type) {
      case "producer-closed":
        room.emit("live:producer-closed", {
          roomId,
          producerId: e.producerId,
          userId: e.userId,
          source: e.source,
          reason: e.reason,
        });
        return;
      case "consumer-closed":
        io.local
          .to(e.peerId)
          .emit("live:consumer-closed", { roomId, consumerId: e.consumerId, producerId: e.producerId });
        return;
      case "producer-paused":
      case "producer-resumed":
        room.emit("live:producer-paused", { roomId, producerId: e.producerId, paused: e.type === "producer-paused" });
        return;
      case "active-speaker":
        speakers.set(roomId, e.userId);
        room.emit("live:active-speaker", { roomId, userId: e.userId });
        return;
      case "class-reset":
        speakers.delete(roomId);
        room.emit("live:rejoin", { roomId, reason: "media-restarted" });
        return;
      case "consumer-layers":
        io.local
          .to(e.peerId)
          .emit("live:consumer-layers", { roomId, consumerId: e.consumerId, spatialLayer: e.spatialLayer });
        return;
    }
  });
  return speakers;
}

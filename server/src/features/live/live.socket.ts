import type { MediaClient, MediaProducerInfo } from "@chalkline/media";
import {
  type LiveJoined,
  type LiveProducer,
  liveConsumerLayersSchema,
  liveConsumerRefSchema,
  liveConsumeSchema,
  liveProducerRefSchema,
  liveProduceSchema,
  liveTransportConnectSchema,
  liveTransportCreateSchema,
  roomRefSchema,
  rooms,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { AppServer, AppSocket, CommandContext } from "../../platform/realtime";
import { commandRegistrar } from "../../platform/realtime";
import { roomAccess } from "../rooms/rooms.access";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import { socketActor } from "../rooms/rooms.socket";
import { userRefs } from "../rooms/rooms.view";
import type { WaitingRoomService } from "../waiting-room/waiting-room.service";
import { type ActiveSpeakers, mediaCall } from "./live.media";
import type { LiveService } from "./live.service";

export interface LiveContext extends CommandContext {
  live: LiveService;
  media: MediaClient;
  speakers: ActiveSpeakers;
  evictions: RoomEvictions;
  waitingRoom: Pick<WaitingRoomService, "enter">;
}

/** Where one socket stands in a room's live media. */
interface Membership {
  /** In the media class (false while a class room waits for its class to start). */
  inMedia: boolean;
  /** The live class whose attendance this socket counts in. */
  liveClassId: string | null;
}

async function toLiveProducers(roomId: string, infos: MediaProducerInfo[]): Promise<LiveProducer[]> {
  const refs = await userRefs(infos.map((p) => p.userId));
  return infos.flatMap((p) => {
    const user = refs.get(p.userId);
    return user ? [{ roomId, producerId: p.producerId, user, kind: p.kind, source: p.source, paused: p.paused }] : [];
  });
}

/**
 * A participant's media commands. Membership is read fresh on every command; the media node checks
 * that every transport, producer and consumer id named belongs to this socket in this room; what
 * may be published is decided here, from the stage and the room, before and after producing.
 */
export function liveHandlers(io: AppServer, socket: AppSocket, ctx: LiveContext): void {
  const { live, media, speakers } = ctx;
  const command = commandRegistrar(ctx);
  const joined = new Map<string, Membership>();
  const self = () => ({ id: socket.data.userId, displayName: socket.data.displayName, role: socket.data.role });

  const inMedia = async (roomId: string) => {
    const access = await roomAccess(roomId, socketActor(socket));
    if (!joined.get(roomId)?.inMedia) throw new AppError("forbidden", "join the room's live media first");
    return access;
  };

  const leaveMedia = async (roomId: string) => {
    const membership = joined.get(roomId);
    joined.delete(roomId);
    await socket.leave(rooms.live(roomId));
    if (membership?.inMedia) {
      // A class that ended has no media left to leave.
      await mediaCall(media.leave(roomId, socket.id)).catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === "not_found")) throw error;
      });
    }
    if (membership?.liveClassId) await live.attendanceLeave(membership.liveClassId, socket.id);
  };

  // Removed from the room (or quit): out of its media, peer, transports and consumers included.
  ctx.evictions.onSocketExit(socket, ({ roomId }) => leaveMedia(roomId));

  command("live:join", roomRefSchema, async ({ roomId }): Promise<LiveJoined> => {
    const access = await roomAccess(roomId, socketActor(socket));
    if (access.room.kind !== "class" && access.room.kind !== "study" && access.room.kind !== "breakout") {
      throw new AppError("forbidden", "only class, study and breakout rooms have live media");
    }
    const state = await live.state(access);
    // A learner the class's waiting room does not let in yet (or at all) hears nothing of its media.
    if (state.open && state.liveClass) await ctx.waitingRoom.enter(access, socketActor(socket), state.liveClass.id);
    const permissions = live.permissions(access, state, socket.data.userId, access.canModerate);
    await socket.join(rooms.live(roomId));
    if (!state.open) {
      joined.set(roomId, { inMedia: false, liveClassId: null });
      return { state, routerRtpCapabilities: null, producers: [], permissions, activeSpeakerId: null };
    }
    const entered = await mediaCall(
      media.join(roomId, { peerId: socket.id, userId: socket.data.userId, displayName: socket.data.displayName }),
    );
    const liveClassId = state.liveClass?.id ?? null;
    joined.set(roomId, { inMedia: true, liveClassId });
    if (liveClassId) await live.attendanceJoin(liveClassId, socket.data.userId, socket.id);
    const others = entered.producers.filter((p) => p.peerId !== socket.id);
    return {
      state,
      routerRtpCapabilities: entered.rtpCapabilities as Record<string, unknown>,
      producers: await toLiveProducers(roomId, others),
      permissions,
      activeSpeakerId: speakers.get(roomId) ?? null,
    };
  });

  command("live:leave", roomRefSchema, async ({ roomId }) => {
    await leaveMedia(roomId);
    return null;
  });

  command("live:transport:create", liveTransportCreateSchema, async ({ roomId, direction }) => {
    await inMedia(roomId);
    const t = await mediaCall(media.createTransport(roomId, socket.id, direction));
    return {
      id: t.id,
      iceParameters: t.iceParameters as Record<string, unknown>,
      iceCandidates: t.iceCandidates as Record<string, unknown>[],
      dtlsParameters: t.dtlsParameters as Record<string, unknown>,
    };
  });

  command("live:transport:connect", liveTransportConnectSchema, async ({ roomId, transportId, dtlsParameters }) => {
    await inMedia(roomId);
    await mediaCall(media.connectTransport(roomId, socket.id, transportId, dtlsParameters));
    return null;
  });

  command("live:produce", liveProduceSchema, async (p) => {
    if ((p.source === "mic") !== (p.kind === "audio")) {
      throw new AppError("invalid_payload", "a microphone sends audio; a camera or a screen sends video");
    }
    const may = async () => {
      const access = await inMedia(p.roomId);
      return live.permissions(access, await live.state(access), socket.data.userId, access.canModerate)[p.source];
    };
    if (!(await may())) throw new AppError("forbidden", `you may not publish your ${p.source} now`);
    const { producerId } = await mediaCall(
      media.produce(p.roomId, socket.id, {
        transportId: p.transportId,
        kind: p.kind,
        rtpParameters: p.rtpParameters,
        source: p.source,
        paused: p.paused ?? false,
      }),
    );
    // Taken off stage (or hard-muted) while this was being set up: the stage wins.
    if (!(await may())) {
      await mediaCall(media.closeProducer(p.roomId, socket.id, producerId));
      throw new AppError("forbidden", `you may not publish your ${p.source} now`);
    }
    const producer: LiveProducer = {
      roomId: p.roomId,
      producerId,
      user: self(),
      kind: p.kind,
      source: p.source,
      paused: p.paused ?? false,
    };
    io.to(rooms.live(p.roomId)).emit("live:producer-added", producer);
    return { producerId };
  });

  command("live:consume", liveConsumeSchema, async ({ roomId, transportId, producerId, rtpCapabilities }) => {
    await inMedia(roomId);
    const c = await mediaCall(media.consume(roomId, socket.id, { transportId, producerId, rtpCapabilities }));
    return {
      id: c.id,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as Record<string, unknown>,
      source: c.source,
      userId: c.userId,
      paused: c.paused,
      producerPaused: c.producerPaused,
    };
  });

  command("live:consumer:resume", liveConsumerRefSchema, async ({ roomId, consumerId }) => {
    await inMedia(roomId);
    await mediaCall(media.resumeConsumer(roomId, socket.id, consumerId));
    return null;
  });

  command("live:consumer:layers", liveConsumerLayersSchema, async ({ roomId, consumerId, ...layers }) => {
    await inMedia(roomId);
    await mediaCall(media.setConsumerLayers(roomId, socket.id, consumerId, layers));
    return null;
  });

  command("live:producer:pause", liveProducerRefSchema, async ({ roomId, producerId }) => {
    await inMedia(roomId);
    await mediaCall(media.pauseProducer(roomId, socket.id, producerId));
    return null;
  });

  command("live:producer:resume", liveProducerRefSchema, async ({ roomId, producerId }) => {
    const access = await inMedia(roomId);
    // Unmuting is publishing again: a hard mute or leaving the stage forbids it.
    const permissions = live.permissions(access, await live.state(access), socket.data.userId, access.canModerate);
    if (!permissions.camera && !permissions.mic) throw new AppError("forbidden", "you may not publish now");
    await mediaCall(media.resumeProducer(roomId, socket.id, producerId));
    return null;
  });

  command("live:producer:close", liveProducerRefSchema, async ({ roomId, producerId }) => {
    await inMedia(roomId);
    await mediaCall(media.closeProducer(roomId, socket.id, producerId));
    return null;
  });

  socket.on("disconnect", () => {
    for (const roomId of [...joined.keys()]) {
      leaveMedia(roomId).catch((error: unknown) =>
        ctx.logger.warn({ err: error, roomId }, "could not take a disconnected socket out of live media"),
      );
    }
  });
}

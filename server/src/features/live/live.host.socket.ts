import {
  type LiveState,
  liveHardMuteSchema,
  liveMuteAllSchema,
  liveMuteSchema,
  liveStageSchema,
  liveStartSchema,
  roomRefSchema,
  rooms,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import type { AppServer, AppSocket } from "../../platform/realtime";
import { commandRegistrar } from "../../platform/realtime";
import { auditorOf } from "../audit/audit.model";
import type { HandsService } from "../hands/hands.service";
import { type RoomAccess, requireModerator, roomAccess } from "../rooms/rooms.access";
import { socketActor, socketRoomOf } from "../rooms/rooms.socket";
import { userRefs } from "../rooms/rooms.view";
import { mediaCall } from "./live.media";
import type { LiveContext } from "./live.socket";

/**
 * The instructor's commands (the owner's in a study room; admins' anywhere): start and end a
 * class, bring learners on stage and take them off, mute one, mute all, hard mute. Each change is
 * pushed as `live:state` to the room, and as `live:permissions` to the learners it affects.
 */
export function liveHostHandlers(io: AppServer, socket: AppSocket, ctx: LiveContext & { hands: HandsService }): void {
  const { live, media, hands } = ctx;
  const command = commandRegistrar(ctx);
  const moderate = (roomId: string) => requireModerator(roomId, socketActor(socket));
  /** Every host action is audited, under the room it was taken in. */
  const audit = auditorOf(socket.data.userId, "live");

  const publish = async (access: RoomAccess): Promise<LiveState> => {
    const state = await live.state(access);
    io.to([socketRoomOf(access.room), rooms.live(access.room.id)]).emit("live:state", state);
    return state;
  };

  /** Tells each user what they may publish now, from their own standing in the room. */
  const pushPermissions = async (access: RoomAccess, state: LiveState, userIds: string[]) => {
    const refs = await userRefs(userIds);
    await Promise.all(
      [...refs.values()].map(async (user) => {
        const theirs = await roomAccess(access.room.id, user).catch(() => null);
        if (!theirs) return;
        const permissions = live.permissions(theirs, state, user.id, theirs.canModerate);
        io.to(rooms.user(user.id)).emit("live:permissions", { roomId: access.room.id, permissions });
      }),
    );
  };

  /** Users whose sockets are in the room's media now, hosts excepted. */
  const learnersInMedia = async (access: RoomAccess, state: LiveState) => {
    const sockets = await io.in(rooms.live(access.room.id)).fetchSockets();
    const ids = new Set(sockets.map((s) => s.data.userId));
    for (const host of [...state.hostIds, socket.data.userId]) ids.delete(host);
    return [...ids];
  };

  const closeMics = (roomId: string, userIds: string[]) =>
    Promise.all(userIds.map((userId) => mediaCall(media.closeProducers(roomId, { userId, sources: ["mic"] }))));

  command("live:start", liveStartSchema, async ({ roomId, liveClassId }) => {
    const access = await moderate(roomId);
    await live.start(access, liveClassId);
    await audit("started", roomId, { liveClassId: liveClassId ?? null });
    await mediaCall(media.openClass(roomId));
    const state = await publish(access);
    await pushPermissions(access, state, await learnersInMedia(access, state));
    return state;
  });

  command("live:end", roomRefSchema, async ({ roomId }) => {
    const access = await moderate(roomId);
    await live.end(access);
    await audit("ended", roomId);
    // The class is over whatever the media node says; its routers go when it can be reached.
    await mediaCall(media.closeClass(roomId)).catch((error: unknown) =>
      ctx.logger.warn({ err: error, roomId }, "could not close an ended class's media"),
    );
    return publish(access);
  });

  command("live:stage", liveStageSchema, async ({ roomId, userId, onStage }) => {
    const access = await moderate(roomId);
    const [target] = (await userRefs([userId])).values();
    if (!target) throw new AppError("not_found", "no such user");
    await roomAccess(roomId, target).catch(() => {
      throw new AppError("not_found", "that user is not a member of this room");
    });
    await live.setOnStage(roomId, userId, onStage);
    await audit(onStage ? "stage_added" : "stage_removed", roomId, { userId });
    if (onStage) {
      const queue = await hands.lower(access, socketActor(socket), userId);
      io.to(socketRoomOf(access.room)).emit("hand:queue", queue);
    } else {
      await mediaCall(media.closeProducers(roomId, { userId }));
    }
    const state = await publish(access);
    await pushPermissions(access, state, [userId]);
    return state;
  });

  command("live:mute", liveMuteSchema, async ({ roomId, userId }) => {
    await moderate(roomId);
    await closeMics(roomId, [userId]);
    await audit("muted", roomId, { userId });
    return null;
  });

  const muteAll = async (roomId: string, hard: boolean) => {
    const access = await moderate(roomId);
    if (hard) await live.setHardMute(roomId, true);
    const before = await live.state(access);
    const learners = await learnersInMedia(access, before);
    await closeMics(roomId, learners);
    await audit(hard ? "hard_muted" : "muted_all", roomId, { learners: learners.length });
    const state = await publish(access);
    if (hard) await pushPermissions(access, state, learners);
    return state;
  };

  command("live:mute-all", liveMuteAllSchema, ({ roomId, hard }) => muteAll(roomId, hard));

  command("live:hard-mute", liveHardMuteSchema, async ({ roomId, on }) => {
    if (on) return muteAll(roomId, true);
    const access = await moderate(roomId);
    await live.setHardMute(roomId, false);
    await audit("hard_mute_lifted", roomId);
    const state = await publish(access);
    await pushPermissions(access, state, await learnersInMedia(access, state));
    return state;
  });
}

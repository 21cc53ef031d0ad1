import {
  moderateLockSchema,
  moderateMuteSchema,
  moderateSlowModeSchema,
  moderateUserSchema,
  roomRefSchema,
} from "@chalkline/shared";
import { type AppServer, type AppSocket, type CommandContext, commandRegistrar } from "../../platform/realtime";
import type { ChatService } from "../chat/chat.service";
import type { NotificationsService } from "../notifications/notifications.service";
import type { PresenceService } from "../presence/presence.service";
import { requireModerator } from "../rooms/rooms.access";
import type { RoomEvictions } from "../rooms/rooms.evictions";
import { evictUser, socketActor, socketRoomOf } from "../rooms/rooms.socket";
import type { ModerationService } from "./moderation.service";

export function moderationHandlers(
  io: AppServer,
  socket: AppSocket,
  ctx: CommandContext & {
    moderation: ModerationService;
    chat: ChatService;
    presence: PresenceService;
    notifications: NotificationsService;
    evictions: RoomEvictions;
  },
): void {
  const { moderation } = ctx;
  const command = commandRegistrar(ctx);
  const moderator = (roomId: string) => requireModerator(roomId, socketActor(socket));

  command("mod:mute", moderateMuteSchema, async ({ roomId, userId, minutes }) => {
    const access = await moderator(roomId);
    const mutedUntil = await moderation.mute(access, socketActor(socket), userId, minutes);
    io.to(socketRoomOf(access.room)).emit("room:member-muted", {
      roomId,
      userId,
      mutedUntil: mutedUntil?.toISOString() ?? null,
    });
    return null;
  });

  command("mod:remove", moderateUserSchema, async ({ roomId, userId }) => {
    const access = await moderator(roomId);
    const actor = socketActor(socket);
    await moderation.remove(access, actor, userId);
    await evictUser(io, ctx, access.room, userId, "removed");
    await ctx.notifications.notify([userId], {
      kind: "room_removed",
      text: `${actor.displayName} removed you from ${access.room.name}`,
      wording: { id: "room_removed", params: { name: actor.displayName, room: access.room.name } },
      roomId,
      from: { id: actor.id, displayName: actor.displayName },
    });
    return null;
  });

  command("mod:lock", moderateLockSchema, async ({ roomId, locked }) => {
    const access = await moderator(roomId);
    const view = await moderation.setLocked(access, socketActor(socket), locked);
    io.to(socketRoomOf(access.room)).emit("room:updated", view);
    return view;
  });

  command("mod:slow-mode", moderateSlowModeSchema, async ({ roomId, seconds }) => {
    const access = await moderator(roomId);
    const view = await moderation.setSlowMode(access, socketActor(socket), seconds);
    io.to(socketRoomOf(access.room)).emit("room:updated", view);
    return view;
  });

  command("mod:clear", roomRefSchema, async ({ roomId }) => {
    const access = await moderator(roomId);
    const result = await ctx.chat.clear(access);
    await moderation.recordClear(access, socketActor(socket), result.clearedUpToSeq);
    io.to(socketRoomOf(access.room)).emit("chat:cleared", { roomId, ...result });
    return result;
  });
}

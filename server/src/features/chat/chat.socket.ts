import {
  chatDeleteSchema,
  chatEditSchema,
  chatHistorySchema,
  chatReactSchema,
  chatReadSchema,
  chatSendSchema,
  chatSinceSchema,
  chatTypingSchema,
} from "@chalkline/shared";
import {
  type AppServer,
  type AppSocket,
  type CommandContext,
  commandRegistrar,
  signalRegistrar,
} from "../../platform/realtime";
import { roomAccess } from "../rooms/rooms.access";
import { socketActor, socketRoomOf } from "../rooms/rooms.socket";
import type { ChatService } from "./chat.service";

/** Chat commands. Each one re-checks membership, then acks what was stored and broadcasts it. */
export function chatHandlers(io: AppServer, socket: AppSocket, ctx: CommandContext & { chat: ChatService }): void {
  const { chat } = ctx;
  const command = commandRegistrar(ctx);
  const signal = signalRegistrar(ctx);
  const access = (roomId: string) => roomAccess(roomId, socketActor(socket));

  command("chat:send", chatSendSchema, async ({ roomId, clientMsgId, text }) => {
    const room = await access(roomId);
    const message = await chat.send(room, socketActor(socket), clientMsgId, text);
    // Also on a resend: the first attempt may have been stored by a node that died before pushing it.
    io.to(socketRoomOf(room.room)).emit("chat:sent", message);
    return message;
  });

  command("chat:edit", chatEditSchema, async ({ roomId, messageId, text }) => {
    const room = await access(roomId);
    const message = await chat.edit(room, socketActor(socket), messageId, text);
    io.to(socketRoomOf(room.room)).emit("chat:updated", message);
    return message;
  });

  command("chat:delete", chatDeleteSchema, async ({ roomId, messageId }) => {
    const room = await access(roomId);
    const message = await chat.remove(room, socketActor(socket), messageId);
    io.to(socketRoomOf(room.room)).emit("chat:updated", message);
    return message;
  });

  command("chat:react", chatReactSchema, async ({ roomId, messageId, emoji, on }) => {
    const room = await access(roomId);
    const message = await chat.react(room, socketActor(socket), messageId, emoji, on);
    io.to(socketRoomOf(room.room)).emit("chat:updated", message);
    return message;
  });

  command("chat:history", chatHistorySchema, async ({ roomId, beforeSeq, limit }) => {
    await access(roomId);
    return chat.history(roomId, beforeSeq, limit);
  });

  command("chat:since", chatSinceSchema, async ({ roomId, afterSeq, limit }) => {
    await access(roomId);
    return chat.since(roomId, afterSeq, limit);
  });

  command("chat:read", chatReadSchema, async ({ roomId, seq }) => {
    return chat.markRead(await access(roomId), socketActor(socket), seq);
  });

  signal("chat:typing", chatTypingSchema, async ({ roomId, typing }) => {
    const room = await access(roomId);
    const actor = socketActor(socket);
    socket.volatile.to(socketRoomOf(room.room)).emit("chat:typed", { roomId, user: actor, typing });
  });
}

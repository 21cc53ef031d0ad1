import { z } from "zod";
import type { MessagePage, TypingEvent } from "./chat";
import {
  chatDeleteSchema,
  chatEditSchema,
  chatHistorySchema,
  chatMessageSchema,
  chatReactSchema,
  chatReadSchema,
  chatSendSchema,
  chatSinceSchema,
  chatTypingSchema,
} from "./chat";
import { docViewSchema } from "./collab";
import { type AckCallback, errorBodySchema } from "./errors";
import { boardRefSchema, leaderboardViewSchema } from "./gamification/boards";
import { giftViewSchema } from "./gifts";
import {
  liveConsumerLayersSchema,
  liveConsumerRefSchema,
  liveConsumeSchema,
  liveHardMuteSchema,
  liveMuteAllSchema,
  liveMuteSchema,
  liveProducerRefSchema,
  liveProduceSchema,
  liveStageSchema,
  liveStartSchema,
  liveTransportConnectSchema,
  liveTransportCreateSchema,
} from "./live";
import { liveQuizAnswerSchema, liveQuizCommandSchema, liveQuizLaunchSchema, liveQuizStateSchema } from "./live-quiz";
import { notificationSchema } from "./notifications";
import { type HandQueue, handTargetSchema, type PresenceEvent } from "./presence";
import {
  type Announcement,
  announceSchema,
  type ClientToServerEvents,
  type RoomJoined,
  SESSION_END_REASONS,
  type ServerToClientEvents,
  type SessionEndReason,
  sessionReadySchema,
  sessionRenewSchema,
} from "./realtime";
import {
  moderateLockSchema,
  moderateMuteSchema,
  moderateSlowModeSchema,
  moderateUserSchema,
  roomDetailsSchema,
  roomRefSchema,
  roomViewSchema,
  userRefSchema,
} from "./rooms";

/** A schema of the type, or, where the type has none yet, its name in `shared`. */
type Described<T> = z.ZodType<T> | string;
type AckOf<K extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[K]>[1] extends AckCallback<infer R> ? R : never;
type EventOf<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0];

/** Every command of the event map: the payload's schema and what its ack's `data` holds (null: no ack). */
export type CommandCatalogue = {
  [K in keyof ClientToServerEvents]: { payload: z.ZodType; ack: Described<AckOf<K>> | null };
};
/** Every server-pushed event of the event map and its payload. */
export type EventCatalogue = { [K in keyof ServerToClientEvents]: Described<EventOf<K>> };

export const announcementSchema: z.ZodType<Announcement> = z.object({
  id: z.string(),
  text: z.string(),
  from: userRefSchema,
  at: z.string(),
});
export const messagePageSchema: z.ZodType<MessagePage> = z.object({
  messages: z.array(chatMessageSchema),
  hasMore: z.boolean(),
});
export const typingEventSchema: z.ZodType<TypingEvent> = z.object({
  roomId: z.string(),
  user: userRefSchema,
  typing: z.boolean(),
});
export const presenceEventSchema: z.ZodType<PresenceEvent> = z.object({ roomId: z.string(), user: userRefSchema });
export const handQueueSchema: z.ZodType<HandQueue> = z.object({
  roomId: z.string(),
  hands: z.array(z.object({ user: userRefSchema, raisedAt: z.string() })),
});
export const roomJoinedSchema: z.ZodType<RoomJoined> = roomDetailsSchema.extend({
  online: z.array(userRefSchema),
  hands: handQueueSchema,
});
const unreadSchema = z.object({ unread: z.number() });
const sessionEndReasonSchema = z.enum(Object.keys(SESSION_END_REASONS) as [SessionEndReason, ...SessionEndReason[]]);

/**
 * The Socket.IO contract at run time, for the AsyncAPI document: the event maps in realtime.ts are
 * types only. Keyed by the maps, so a command or event added there must be described here too.
 */
export const realtimeCommands: CommandCatalogue = {
  "session:renew": { payload: sessionRenewSchema, ack: z.object({ tokenExpiresAt: z.string() }) },
  "announcement:send": { payload: announceSchema, ack: announcementSchema },
  "room:join": { payload: roomRefSchema, ack: roomJoinedSchema },
  "room:leave": { payload: roomRefSchema, ack: z.null() },
  "room:quit": { payload: roomRefSchema, ack: z.null() },
  "chat:send": { payload: chatSendSchema, ack: chatMessageSchema },
  "chat:edit": { payload: chatEditSchema, ack: chatMessageSchema },
  "chat:delete": { payload: chatDeleteSchema, ack: chatMessageSchema },
  "chat:react": { payload: chatReactSchema, ack: chatMessageSchema },
  "chat:history": { payload: chatHistorySchema, ack: messagePageSchema },
  "chat:since": { payload: chatSinceSchema, ack: messagePageSchema },
  "chat:read": { payload: chatReadSchema, ack: unreadSchema },
  "chat:typing": { payload: chatTypingSchema, ack: null },
  "mod:mute": { payload: moderateMuteSchema, ack: z.null() },
  "mod:remove": { payload: moderateUserSchema, ack: z.null() },
  "mod:lock": { payload: moderateLockSchema, ack: roomViewSchema },
  "mod:slow-mode": { payload: moderateSlowModeSchema, ack: roomViewSchema },
  "mod:clear": { payload: roomRefSchema, ack: z.object({ clearedUpToSeq: z.number() }) },
  "hand:raise": { payload: roomRefSchema, ack: handQueueSchema },
  "hand:lower": { payload: handTargetSchema, ack: handQueueSchema },
  "hand:answer": { payload: handTargetSchema, ack: handQueueSchema },
  "hand:clear": { payload: roomRefSchema, ack: handQueueSchema },
  "hand:call-instructor": { payload: roomRefSchema, ack: z.null() },
  "live:join": { payload: roomRefSchema, ack: "LiveJoined" },
  "live:leave": { payload: roomRefSchema, ack: z.null() },
  "live:start": { payload: liveStartSchema, ack: "LiveState" },
  "live:end": { payload: roomRefSchema, ack: "LiveState" },
  "live:transport:create": { payload: liveTransportCreateSchema, ack: "LiveTransport" },
  "live:transport:connect": { payload: liveTransportConnectSchema, ack: z.null() },
  "live:produce": { payload: liveProduceSchema, ack: z.object({ producerId: z.string() }) },
  "live:consume": { payload: liveConsumeSchema, ack: "LiveConsumer" },
  "live:consumer:resume": { payload: liveConsumerRefSchema, ack: z.null() },
  "live:consumer:layers": { payload: liveConsumerLayersSchema, ack: z.null() },
  "live:producer:pause": { payload: liveProducerRefSchema, ack: z.null() },
  "live:producer:resume": { payload: liveProducerRefSchema, ack: z.null() },
  "live:producer:close": { payload: liveProducerRefSchema, ack: z.null() },
  "live:stage": { payload: liveStageSchema, ack: "LiveState" },
  "live:mute": { payload: liveMuteSchema, ack: z.null() },
  "live:mute-all": { payload: liveMuteAllSchema, ack: "LiveState" },
  "live:hard-mute": { payload: liveHardMuteSchema, ack: "LiveState" },
  "leaderboard:watch": { payload: boardRefSchema, ack: leaderboardViewSchema },
  "leaderboard:unwatch": { payload: boardRefSchema, ack: z.null() },
  "live-quiz:state": { payload: liveQuizStateSchema, ack: "LiveQuizView | null" },
  "live-quiz:launch": { payload: liveQuizLaunchSchema, ack: "LiveQuizView" },
  "live-quiz:next": { payload: liveQuizCommandSchema, ack: "LiveQuizView" },
  "live-quiz:reveal": { payload: liveQuizCommandSchema, ack: "LiveQuizView" },
  "live-quiz:end": { payload: liveQuizCommandSchema, ack: "LiveQuizView" },
  "live-quiz:answer": { payload: liveQuizAnswerSchema, ack: "LiveQuizAnswered" },
};

const roomEvent = <T extends z.ZodRawShape>(shape: T) => z.object({ roomId: z.string(), ...shape });

export const realtimeEvents: EventCatalogue = {
  "session:ready": sessionReadySchema,
  "session:ended": z.object({ reason: sessionEndReasonSchema }),
  "announcement:sent": announcementSchema,
  error: errorBodySchema,
  "room:updated": roomViewSchema,
  "room:removed": roomEvent({ reason: z.enum(["removed", "quit"]) }),
  "room:member-muted": roomEvent({ userId: z.string(), mutedUntil: z.string().nullable() }),
  "room:member-removed": roomEvent({ userId: z.string() }),
  "chat:sent": chatMessageSchema,
  "chat:updated": chatMessageSchema,
  "chat:cleared": roomEvent({ clearedUpToSeq: z.number() }),
  "chat:typed": typingEventSchema,
  "presence:joined": presenceEventSchema,
  "presence:left": presenceEventSchema,
  "hand:queue": handQueueSchema,
  "notification:new": notificationSchema,
  "gift:unlocked": giftViewSchema,
  "doc:updated": docViewSchema,
  "live:state": "LiveState",
  "live:producer-added": "LiveProducer",
  "live:producer-closed": "LiveProducerClosed",
  "live:producer-paused": roomEvent({ producerId: z.string(), paused: z.boolean() }),
  "live:consumer-closed": roomEvent({ consumerId: z.string(), producerId: z.string() }),
  "live:consumer-layers": roomEvent({ consumerId: z.string(), spatialLayer: z.number().nullable() }),
  "live:active-speaker": roomEvent({ userId: z.string().nullable() }),
  "live:permissions": "LivePermissionsChanged",
  "live:rejoin": roomEvent({ reason: z.literal("media-restarted") }),
  "leaderboard:updated": leaderboardViewSchema,
  "live-quiz:launched": "LiveQuizLaunched",
  "live-quiz:question": "LiveQuizQuestion",
  "live-quiz:reveal": "LiveQuizReveal",
  "live-quiz:ended": "LiveQuizEnded",
  "live-quiz:answered-count": "LiveQuizAnsweredCount",
};

import { z } from "zod";
import {
  breakoutBroadcastSchema,
  breakoutGridSchema,
  breakoutSessionViewSchema,
  breakoutSnapshotSchema,
} from "./breakouts";
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
import { classTimerCatalogue } from "./class-timer";
import { docViewSchema } from "./collab";
import { type AckCallback, errorBodySchema } from "./errors";
import { boardRefSchema, leaderboardViewSchema } from "./gamification/boards";
import { giftViewSchema } from "./gifts";
import {
  liveConsumerLayersSchema,
  liveConsumerRefSchema,
  liveConsumerSchema,
  liveConsumeSchema,
  liveHardMuteSchema,
  liveJoinedSchema,
  liveMuteAllSchema,
  liveMuteSchema,
  livePermissionsChangedSchema,
  liveProducerClosedSchema,
  liveProducerRefSchema,
  liveProducerSchema,
  liveProduceSchema,
  liveStageSchema,
  liveStartSchema,
  liveStateSchema,
  liveTransportConnectSchema,
  liveTransportCreateSchema,
  liveTransportSchema,
} from "./live";
import {
  liveQuizAnsweredCountSchema,
  liveQuizAnsweredSchema,
  liveQuizAnswerSchema,
  liveQuizCommandSchema,
  liveQuizEndedSchema,
  liveQuizLaunchedSchema,
  liveQuizLaunchSchema,
  liveQuizQuestionSchema,
  liveQuizRevealSchema,
  liveQuizStateSchema,
  liveQuizViewSchema,
} from "./live-quiz";
import { notificationSchema } from "./notifications";
import { pollCatalogue } from "./polls";
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
import { groupTimerStateSchema, groupTimerViewSchema } from "./study";
import { waitingRoomCatalogue } from "./waiting-room";

type AckOf<K extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[K]>[1] extends AckCallback<infer R> ? R : never;
type EventOf<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0];

/** Every command of the event map: the payload's schema and what its ack's `data` holds (null: no ack). */
export type CommandCatalogue = {
  [K in keyof ClientToServerEvents]: { payload: z.ZodType; ack: z.ZodType<AckOf<K>> | null };
};
/** Every server-pushed event of the event map and its payload. */
export type EventCatalogue = { [K in keyof ServerToClientEvents]: z.ZodType<EventOf<K>> };

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
  "live:join": { payload: roomRefSchema, ack: liveJoinedSchema },
  "live:leave": { payload: roomRefSchema, ack: z.null() },
  "live:start": { payload: liveStartSchema, ack: liveStateSchema },
  "live:end": { payload: roomRefSchema, ack: liveStateSchema },
  "live:transport:create": { payload: liveTransportCreateSchema, ack: liveTransportSchema },
  "live:transport:connect": { payload: liveTransportConnectSchema, ack: z.null() },
  "live:produce": { payload: liveProduceSchema, ack: z.object({ producerId: z.string() }) },
  "live:consume": { payload: liveConsumeSchema, ack: liveConsumerSchema },
  "live:consumer:resume": { payload: liveConsumerRefSchema, ack: z.null() },
  "live:consumer:layers": { payload: liveConsumerLayersSchema, ack: z.null() },
  "live:producer:pause": { payload: liveProducerRefSchema, ack: z.null() },
  "live:producer:resume": { payload: liveProducerRefSchema, ack: z.null() },
  "live:producer:close": { payload: liveProducerRefSchema, ack: z.null() },
  "live:stage": { payload: liveStageSchema, ack: liveStateSchema },
  "live:mute": { payload: liveMuteSchema, ack: z.null() },
  "live:mute-all": { payload: liveMuteAllSchema, ack: liveStateSchema },
  "live:hard-mute": { payload: liveHardMuteSchema, ack: liveStateSchema },
  "leaderboard:watch": { payload: boardRefSchema, ack: leaderboardViewSchema },
  "leaderboard:unwatch": { payload: boardRefSchema, ack: z.null() },
  "live-quiz:state": { payload: liveQuizStateSchema, ack: liveQuizViewSchema.nullable() },
  "live-quiz:launch": { payload: liveQuizLaunchSchema, ack: liveQuizViewSchema },
  "live-quiz:next": { payload: liveQuizCommandSchema, ack: liveQuizViewSchema },
  "live-quiz:reveal": { payload: liveQuizCommandSchema, ack: liveQuizViewSchema },
  "live-quiz:end": { payload: liveQuizCommandSchema, ack: liveQuizViewSchema },
  "live-quiz:answer": { payload: liveQuizAnswerSchema, ack: liveQuizAnsweredSchema },
  "study-group:state": { payload: roomRefSchema, ack: groupTimerStateSchema },
  "study-group:start": { payload: roomRefSchema, ack: groupTimerViewSchema },
  "study-group:pause": { payload: roomRefSchema, ack: groupTimerViewSchema },
  "study-group:resume": { payload: roomRefSchema, ack: groupTimerViewSchema },
  "study-group:skip": { payload: roomRefSchema, ack: groupTimerViewSchema },
  "study-group:join": { payload: roomRefSchema, ack: groupTimerViewSchema },
  "study-group:leave": { payload: roomRefSchema, ack: groupTimerViewSchema },
  ...pollCatalogue.commands,
  ...waitingRoomCatalogue.commands,
  ...classTimerCatalogue.commands,
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
  "live:state": liveStateSchema,
  "live:producer-added": liveProducerSchema,
  "live:producer-closed": liveProducerClosedSchema,
  "live:producer-paused": roomEvent({ producerId: z.string(), paused: z.boolean() }),
  "live:consumer-closed": roomEvent({ consumerId: z.string(), producerId: z.string() }),
  "live:consumer-layers": roomEvent({ consumerId: z.string(), spatialLayer: z.number().nullable() }),
  "live:active-speaker": roomEvent({ userId: z.string().nullable() }),
  "live:permissions": livePermissionsChangedSchema,
  "live:rejoin": roomEvent({ reason: z.literal("media-restarted") }),
  "leaderboard:updated": leaderboardViewSchema,
  "live-quiz:launched": liveQuizLaunchedSchema,
  "live-quiz:question": liveQuizQuestionSchema,
  "live-quiz:reveal": liveQuizRevealSchema,
  "live-quiz:ended": liveQuizEndedSchema,
  "live-quiz:answered-count": liveQuizAnsweredCountSchema,
  "study-group:updated": groupTimerViewSchema,
  ...pollCatalogue.events,
  ...waitingRoomCatalogue.events,
  ...classTimerCatalogue.events,
  "breakout:updated": breakoutSessionViewSchema,
  "breakout:grid": breakoutGridSchema,
  "breakout:broadcast": breakoutBroadcastSchema,
  "breakout:shown": breakoutSnapshotSchema,
};

import { z } from "zod";
import { type Role, roleSchema } from "./accounts";
import type { BreakoutBroadcast, BreakoutGrid, BreakoutSessionView, BreakoutSnapshot } from "./breakouts";
import type {
  ChatMessage,
  chatDeleteSchema,
  chatEditSchema,
  chatHistorySchema,
  chatReactSchema,
  chatReadSchema,
  chatSendSchema,
  chatSinceSchema,
  chatTypingSchema,
  MessagePage,
  TypingEvent,
} from "./chat";
import type { ClassTimerCommands, ClassTimerEvents } from "./class-timer";
import type { DocView } from "./collab";
import type { AckCallback, ErrorBody } from "./errors";
import type { boardRefSchema, LeaderboardView } from "./gamification/boards";
import type { GiftView } from "./gifts";
import type {
  LiveConsumer,
  LiveJoined,
  LivePermissionsChanged,
  LiveProducer,
  LiveProducerClosed,
  LiveState,
  LiveTransport,
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
import type {
  LiveQuizAnswered,
  LiveQuizAnsweredCount,
  LiveQuizEnded,
  LiveQuizLaunched,
  LiveQuizQuestion,
  LiveQuizReveal,
  LiveQuizView,
  liveQuizAnswerSchema,
  liveQuizCommandSchema,
  liveQuizLaunchSchema,
  liveQuizStateSchema,
} from "./live-quiz";
import type { Notification } from "./notifications";
import type { PollCommands, PollEvents } from "./polls";
import type { HandQueue, handTargetSchema, PresenceEvent } from "./presence";
import type {
  moderateLockSchema,
  moderateMuteSchema,
  moderateSlowModeSchema,
  moderateUserSchema,
  RoomDetails,
  RoomExit,
  RoomKind,
  RoomView,
  roomRefSchema,
  UserRef,
} from "./rooms";
import type { GroupTimerView } from "./study";
import type { WaitingRoomCommands, WaitingRoomEvents } from "./waiting-room";

/** Sent by the client in the Socket.IO handshake `auth`. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocol: z.number().int().positive(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** Why the server ended a session; sent in `session:ended` before it disconnects the socket. */
export const SESSION_END_REASONS = {
  token_expired: "the access token expired and was not renewed",
  account_disabled: "the account was disabled",
  logged_out: "the session was logged out",
  refresh_reused: "a refresh token of the session was used twice, so the session was ended",
  role_changed: "the account's role changed; refresh to continue with the new one",
  password_changed: "the account's password changed",
  shutting_down: "the server is restarting",
  /** This socket was the account's oldest when one more connected than the account may hold. */
  too_many_sockets: "the account is signed in on too many devices or tabs; this one was disconnected",
} as const;
export type SessionEndReason = keyof typeof SESSION_END_REASONS;

export const sessionRenewSchema = z.strictObject({ token: z.string().min(1).max(4096) });

export const ANNOUNCEMENT_MAX_CHARS = 500;
export const announceSchema = z.strictObject({
  text: z.string().trim().min(1).max(ANNOUNCEMENT_MAX_CHARS),
});

export const sessionReadySchema = z.object({
  protocol: z.number(),
  serverId: z.string(),
  user: z.object({ id: z.string(), displayName: z.string(), role: roleSchema }),
  tokenExpiresAt: z.string(),
});
export type SessionReady = z.infer<typeof sessionReadySchema>;

export interface Announcement {
  id: string;
  text: string;
  from: { id: string; displayName: string; role: Role };
  at: string;
}

/** A command of the event map: its payload as the schema `S` takes it, and an ack carrying `R`. */
export type Command<S extends z.ZodType, R> = (payload: z.input<S>, ack: AckCallback<R>) => void;

/** What `room:join` answers: the room, who is in it now, and where its message log stands. */
export interface RoomJoined extends RoomDetails {
  online: UserRef[];
  hands: HandQueue;
}

/** Events the browser sends; each takes a payload validated by the schema named beside it, and an ack. */
export interface ClientToServerEvents extends PollCommands, WaitingRoomCommands, ClassTimerCommands {
  "session:renew": Command<typeof sessionRenewSchema, { tokenExpiresAt: string }>;
  "announcement:send": Command<typeof announceSchema, Announcement>;

  "room:join": Command<typeof roomRefSchema, RoomJoined>;
  "room:leave": Command<typeof roomRefSchema, null>;
  /** Gives up membership of a study room (its owner cannot); the invite code lets one back in. */
  "room:quit": Command<typeof roomRefSchema, null>;

  "chat:send": Command<typeof chatSendSchema, ChatMessage>;
  "chat:edit": Command<typeof chatEditSchema, ChatMessage>;
  "chat:delete": Command<typeof chatDeleteSchema, ChatMessage>;
  "chat:react": Command<typeof chatReactSchema, ChatMessage>;
  "chat:history": Command<typeof chatHistorySchema, MessagePage>;
  "chat:since": Command<typeof chatSinceSchema, MessagePage>;
  "chat:read": Command<typeof chatReadSchema, { unread: number }>;
  /** Volatile: no ack, never stored. */
  "chat:typing": (payload: z.input<typeof chatTypingSchema>) => void;

  "mod:mute": Command<typeof moderateMuteSchema, null>;
  "mod:remove": Command<typeof moderateUserSchema, null>;
  "mod:lock": Command<typeof moderateLockSchema, RoomView>;
  "mod:slow-mode": Command<typeof moderateSlowModeSchema, RoomView>;
  "mod:clear": Command<typeof roomRefSchema, { clearedUpToSeq: number }>;

  "hand:raise": Command<typeof roomRefSchema, HandQueue>;
  "hand:lower": Command<typeof handTargetSchema, HandQueue>;
  "hand:answer": Command<typeof handTargetSchema, HandQueue>;
  "hand:clear": Command<typeof roomRefSchema, HandQueue>;
  "hand:call-instructor": Command<typeof roomRefSchema, null>;

  /** Enter the room's media: answers with the router's capabilities and what is published now. */
  "live:join": Command<typeof roomRefSchema, LiveJoined>;
  "live:leave": Command<typeof roomRefSchema, null>;
  /** Instructor: start the scheduled class named (or the next one due, or an unscheduled one). */
  "live:start": Command<typeof liveStartSchema, LiveState>;
  /** Instructor: end the class; everyone's media closes and attendance is final. */
  "live:end": Command<typeof roomRefSchema, LiveState>;
  "live:transport:create": Command<typeof liveTransportCreateSchema, LiveTransport>;
  "live:transport:connect": Command<typeof liveTransportConnectSchema, null>;
  "live:produce": Command<typeof liveProduceSchema, { producerId: string }>;
  "live:consume": Command<typeof liveConsumeSchema, LiveConsumer>;
  "live:consumer:resume": Command<typeof liveConsumerRefSchema, null>;
  "live:consumer:layers": Command<typeof liveConsumerLayersSchema, null>;
  "live:producer:pause": Command<typeof liveProducerRefSchema, null>;
  "live:producer:resume": Command<typeof liveProducerRefSchema, null>;
  "live:producer:close": Command<typeof liveProducerRefSchema, null>;
  "live:stage": Command<typeof liveStageSchema, LiveState>;
  "live:mute": Command<typeof liveMuteSchema, null>;
  "live:mute-all": Command<typeof liveMuteAllSchema, LiveState>;
  "live:hard-mute": Command<typeof liveHardMuteSchema, LiveState>;

  /** Follow a board: answers the viewer's view now, then `leaderboard:updated` as it changes. */
  "leaderboard:watch": Command<typeof boardRefSchema, LeaderboardView>;
  "leaderboard:unwatch": Command<typeof boardRefSchema, null>;

  /** The room's live quiz as the caller sees it now (null when none is running: an ended one's podium is only pushed); also joins its pushes. */
  "live-quiz:state": Command<typeof liveQuizStateSchema, LiveQuizView | null>;
  /** Moderator: open a quiz lesson's lobby. */
  "live-quiz:launch": Command<typeof liveQuizLaunchSchema, LiveQuizView>;
  /** Moderator: ask the first or the next question. */
  "live-quiz:next": Command<typeof liveQuizCommandSchema, LiveQuizView>;
  /** Moderator: close the open question before its deadline. */
  "live-quiz:reveal": Command<typeof liveQuizCommandSchema, LiveQuizView>;
  /** Moderator: end the quiz; results are stored and XP awarded. */
  "live-quiz:end": Command<typeof liveQuizCommandSchema, LiveQuizView>;
  "live-quiz:answer": Command<typeof liveQuizAnswerSchema, LiveQuizAnswered>;

  /** A study room's shared pomodoro as it is now (null: never started). */
  "study-group:state": Command<typeof roomRefSchema, GroupTimerView | null>;
  /** Any member: starts the room's timer with their own lengths (and joins it); a running one is answered as is. */
  "study-group:start": Command<typeof roomRefSchema, GroupTimerView>;
  "study-group:pause": Command<typeof roomRefSchema, GroupTimerView>;
  "study-group:resume": Command<typeof roomRefSchema, GroupTimerView>;
  /** Ends the current phase now (a skipped focus phase counts for nobody). */
  "study-group:skip": Command<typeof roomRefSchema, GroupTimerView>;
  /** Focus with the room's timer from now on, or stop. */
  "study-group:join": Command<typeof roomRefSchema, GroupTimerView>;
  "study-group:leave": Command<typeof roomRefSchema, GroupTimerView>;
}

/** Events the server sends. */
export interface ServerToClientEvents extends PollEvents, WaitingRoomEvents, ClassTimerEvents {
  "session:ready": (ready: SessionReady) => void;
  "session:ended": (end: { reason: SessionEndReason }) => void;
  "announcement:sent": (announcement: Announcement) => void;
  error: (error: ErrorBody) => void;

  /** The room's settings changed (lock, slow mode); take those fields, not the per-viewer ones (unread, canModerate, inviteCode). */
  "room:updated": (room: RoomView) => void;
  /** To a user who was removed from a room, or left it from another tab: its pushes stop. */
  "room:removed": (event: { roomId: string; reason: "removed" | "quit" }) => void;
  "room:member-muted": (event: { roomId: string; userId: string; mutedUntil: string | null }) => void;
  /** To the room: someone is no longer a member (removed, or left). */
  "room:member-removed": (event: { roomId: string; userId: string }) => void;

  "chat:sent": (message: ChatMessage) => void;
  "chat:updated": (message: ChatMessage) => void;
  "chat:cleared": (event: { roomId: string; clearedUpToSeq: number }) => void;
  "chat:typed": (event: TypingEvent) => void;

  "presence:joined": (event: PresenceEvent) => void;
  "presence:left": (event: PresenceEvent) => void;

  "hand:queue": (queue: HandQueue) => void;

  "notification:new": (notification: Notification) => void;
  /** To a learner: a gift reached its threshold (sent once per gift, with its stored notification). */
  "gift:unlocked": (gift: GiftView) => void;

  /** A document of one of the user's rooms was created, locked or unlocked. */
  "doc:updated": (doc: DocView) => void;

  /** To the room: a class started or ended, the stage or the hard mute changed. */
  "live:state": (state: LiveState) => void;
  /** To the room's media participants: a new track to consume. */
  "live:producer-added": (producer: LiveProducer) => void;
  "live:producer-closed": (event: LiveProducerClosed) => void;
  "live:producer-paused": (event: { roomId: string; producerId: string; paused: boolean }) => void;
  /** To one participant: one of its consumers closed (its producer went away). */
  "live:consumer-closed": (event: { roomId: string; consumerId: string; producerId: string }) => void;
  /** To one participant: the simulcast layer one of its consumers now receives (null: none for now). */
  "live:consumer-layers": (event: { roomId: string; consumerId: string; spatialLayer: number | null }) => void;
  "live:active-speaker": (event: { roomId: string; userId: string | null }) => void;
  /** To one participant: what it may publish changed. */
  "live:permissions": (event: LivePermissionsChanged) => void;
  /** To the room's media participants: the media behind the class restarted; join again. */
  "live:rejoin": (event: { roomId: string; reason: "media-restarted" }) => void;

  /** To a watcher: a board it follows changed (coalesced); its leaders and the watcher's own rank. */
  "leaderboard:updated": (view: LeaderboardView) => void;

  /** To the room: a live quiz opened its lobby. */
  "live-quiz:launched": (event: LiveQuizLaunched) => void;
  /** To the room: the next question, the same for everyone. */
  "live-quiz:question": (event: LiveQuizQuestion) => void;
  /** To each follower of the quiz: the answer, their result and the standings. */
  "live-quiz:reveal": (event: LiveQuizReveal) => void;
  /** To each follower of the quiz: the final standings. */
  "live-quiz:ended": (event: LiveQuizEnded) => void;
  /** To the quiz's hosts (coalesced): how many answered the open question. */
  "live-quiz:answered-count": (event: LiveQuizAnsweredCount) => void;

  /** To the study room: its shared timer changed (started, paused, skipped, a phase ended, someone joined). */
  "study-group:updated": (timer: GroupTimerView) => void;

  /** To the main class room: its breakouts were planned, started, extended, ended, or someone moved. */
  "breakout:updated": (session: BreakoutSessionView) => void;
  /** To the class's instructors: every breakout room as it is now (pushed when it changes, at most every few seconds). */
  "breakout:grid": (grid: BreakoutGrid) => void;
  /** To every breakout room of a session: a message from the instructor. */
  "breakout:broadcast": (message: BreakoutBroadcast) => void;
  /** To the main class room: the instructor shows what a breakout left behind. */
  "breakout:shown": (snapshot: BreakoutSnapshot) => void;
}

/** Events between server nodes (through the Redis adapter's serverSideEmit). */
export interface InterServerEvents {
  /** A member was removed from a room or quit it: each node ends what its sockets of that user hold there. */
  "room:evicted": (exit: RoomExit) => void;
}

/** Socket.IO room names: one place builds them, so server, clients and tests agree. */
export const rooms = {
  /** Everyone online: staff announcements. */
  lobby: () => "lobby",
  /** Every socket of one user, on every node: personal notifications, session control. */
  user: (userId: string) => `user:${userId}`,
  /** Every socket opened with one session's access tokens (one login), on every node: ending it. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** A chat room's members: `class:<id>`, `study:<id>`, `dm:<id>`, `lobby:<id>`. */
  room: (kind: RoomKind, roomId: string) => `${kind}:${roomId}`,
  /** The sockets inside a room's live media (joined with `live:join`). */
  live: (roomId: string) => `live:${roomId}`,
  /** The watchers of one leaderboard, by board name (`<scope>:<scopeId>:<period>:<periodKey>`). */
  board: (boardName: string) => `lb:${boardName}`,
  /** The sockets of a room's moderators following its live quiz: answered counts go to them. */
  liveQuizHosts: (roomId: string) => `lq-hosts:${roomId}`,
} as const;

import type { MediaClient } from "@chalkline/media";
import { announceSessionReady, sessionHandlers } from "./features/accounts";
import type { AccountsService } from "./features/accounts/accounts.service";
import { announcementHandlers } from "./features/announcements/announcements.socket";
import type { ChatService } from "./features/chat/chat.service";
import { chatHandlers } from "./features/chat/chat.socket";
import type { ClassTimers } from "./features/class-timer/class-timer.service";
import { classTimerHandlers } from "./features/class-timer/class-timer.socket";
import type { HandsService } from "./features/hands/hands.service";
import { handsHandlers } from "./features/hands/hands.socket";
import type { LeaderboardsService } from "./features/leaderboards/leaderboards.service";
import { leaderboardHandlers } from "./features/leaderboards/leaderboards.socket";
import { liveHostHandlers } from "./features/live/live.host.socket";
import type { ActiveSpeakers } from "./features/live/live.media";
import type { LiveService } from "./features/live/live.service";
import { liveHandlers } from "./features/live/live.socket";
import type { LiveQuizService } from "./features/live-quiz/live-quiz.service";
import { liveQuizHandlers } from "./features/live-quiz/live-quiz.socket";
import type { ModerationService } from "./features/moderation/moderation.service";
import { moderationHandlers } from "./features/moderation/moderation.socket";
import type { NotificationsService } from "./features/notifications/notifications.service";
import type { PollsService } from "./features/polls/polls.service";
import { pollsHandlers } from "./features/polls/polls.socket";
import type { PresenceService } from "./features/presence/presence.service";
import type { RoomEvictions } from "./features/rooms/rooms.evictions";
import { roomHandlers, subscribeMemberRooms } from "./features/rooms/rooms.socket";
import type { GroupTimers } from "./features/study/group.service";
import { studyHandlers } from "./features/study/study.socket";
import type { WaitingRoomService } from "./features/waiting-room/waiting-room.service";
import { waitingRoomHandlers } from "./features/waiting-room/waiting-room.socket";
import type { Logger } from "./platform/logger";
import type { AppServer, CommandRate } from "./platform/realtime";

export interface SocketFeatures {
  logger: Logger;
  serverId: string;
  rate: CommandRate;
  accounts: AccountsService;
  chat: ChatService;
  hands: HandsService;
  moderation: ModerationService;
  notifications: NotificationsService;
  presence: PresenceService;
  live: LiveService;
  media: MediaClient;
  speakers: ActiveSpeakers;
  leaderboards: LeaderboardsService;
  liveQuiz: LiveQuizService;
  evictions: RoomEvictions;
  groupTimers: GroupTimers;
  polls: PollsService;
  waitingRoom: WaitingRoomService;
  classTimers: ClassTimers;
}

/** Registers every feature's socket handlers on each new connection. */
export function wireSockets(io: AppServer, features: SocketFeatures): void {
  io.on("connection", (socket) => {
    const ctx = { socket, ...features };
    sessionHandlers(socket, ctx);
    announcementHandlers(io, socket, ctx);
    roomHandlers(io, socket, ctx);
    chatHandlers(io, socket, ctx);
    moderationHandlers(io, socket, ctx);
    handsHandlers(io, socket, ctx);
    liveHandlers(io, socket, ctx);
    liveHostHandlers(io, socket, ctx);
    leaderboardHandlers(socket, ctx);
    liveQuizHandlers(socket, ctx);
    studyHandlers(io, socket, ctx);
    pollsHandlers(socket, ctx);
    waitingRoomHandlers(socket, ctx);
    classTimerHandlers(io, socket, ctx);
    subscribeMemberRooms(socket, socket.data.userId).then(
      () => announceSessionReady(socket, features.serverId),
      (error: unknown) => {
        features.logger.error({ err: error }, "could not subscribe a socket to its rooms");
        socket.disconnect(true);
      },
    );
  });
}

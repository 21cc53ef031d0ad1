import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MediaClient, type MetricsEndpoint } from "@chalkline/media";
import { rooms } from "@chalkline/shared";
import type { Express } from "express";
import { accountSecurity } from "./account-security";
import { startCommerce } from "./commerce";
import { AccessTokens, AccountsService, installSessionAuth, ProfileService, sessionControl } from "./features/accounts";
import { AdminService } from "./features/admin/admin.service";
import { countDaily, countInto, DailyCounters } from "./features/analytics/analytics.counters";
import { AnalyticsService } from "./features/analytics/analytics.service";
import { startBreakouts } from "./features/breakouts/breakouts.start";
import { ChatService } from "./features/chat/chat.service";
import { ClassTimers } from "./features/class-timer/class-timer.service";
import { CodeRunsService } from "./features/code-runs/code-runs.service";
import { SandboxPool } from "./features/code-runs/sandbox.pool";
import { startCollab } from "./features/collab/collab.wiring";
import { connectionLimitsFrom } from "./features/connections/connections.limits";
import {
  limitConcurrentSockets,
  limitConnectionRate,
  sharedCommandRate,
} from "./features/connections/connections.socket";
import { ProgressService } from "./features/courses/progress.service";
import { QuizService } from "./features/courses/quizzes.service";
import { GiftUnlocker } from "./features/gifts/gifts.unlock";
import { GuardianBudgets } from "./features/guardians/budgets.service";
import { GuardianLinks } from "./features/guardians/links.service";
import { GuardianTasks } from "./features/guardians/tasks.service";
import { HandsService } from "./features/hands/hands.service";
import { BoardFeed } from "./features/leaderboards/leaderboards.feed";
import { BoardPusher } from "./features/leaderboards/leaderboards.push";
import { LeaderboardsService } from "./features/leaderboards/leaderboards.service";
import { BoardWriter } from "./features/leaderboards/leaderboards.writer";
import { AwardsService } from "./features/ledger/awards.service";
import { LedgerCache } from "./features/ledger/ledger.cache";
import { relayMediaEvents } from "./features/live/live.media";
import { ClassNotices } from "./features/live/live.notices";
import { LiveService } from "./features/live/live.service";
import { LiveQuizService } from "./features/live-quiz/live-quiz.service";
import { liveQuizPush } from "./features/live-quiz/live-quiz.socket";
import { MailQueue } from "./features/mail/mail.queue";
import { logTransport, smtpTransport } from "./features/mail/mail.transport";
import { startMetrics } from "./features/metrics/metrics.start";
import { ModerationService } from "./features/moderation/moderation.service";
import { NotificationsService } from "./features/notifications/notifications.service";
import { startOrderRecovery } from "./features/orders/orders.recovery";
import { STRIPE_WEBHOOK_PATH } from "./features/payments/payments.routes";
import { PollsService } from "./features/polls/polls.service";
import { pollsPush } from "./features/polls/polls.socket";
import { PresenceService } from "./features/presence/presence.service";
import { readAccessThrough } from "./features/rooms/rooms.access";
import { RoomAccessCache } from "./features/rooms/rooms.cache";
import { RoomEvictions } from "./features/rooms/rooms.evictions";
import type { RoomSubscriber } from "./features/rooms/rooms.routes";
import { announceLeft } from "./features/rooms/rooms.socket";
import { startStudy } from "./features/study/study.wiring";
import { withStorageOrigin } from "./features/uploads/uploads.csp";
import { WaitingRoomService } from "./features/waiting-room/waiting-room.service";
import { waitingRoomPush } from "./features/waiting-room/waiting-room.socket";
import { httpRoutes } from "./http-routes";
import type { Config } from "./platform/config";
import { createHttpApp } from "./platform/http";
import type { Logger } from "./platform/logger";
import { connectMongo, disconnectMongo } from "./platform/mongo";
import { RedisRateLimiter } from "./platform/rate-limit";
import { type AppServer, createRealtime } from "./platform/realtime";
import { openNodeConnections } from "./platform/redis";
import { loadWebHandler } from "./platform/web";
import { seedDemoData } from "./seed/demo";
import { wireSockets } from "./sockets";

export { type Config, loadConfig, loadConfigOrExit } from "./platform/config";
export { createLogger, type Logger } from "./platform/logger";

export interface ServerNode {
  httpServer: HttpServer;
  /** The Express app behind httpServer, for tests that read its routes. */
  app: Express;
  io: AppServer;
  accounts: AccountsService;
  listen(): Promise<number>;
  /** Stops accepting, ends every socket, flushes and closes connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Composition root: connects the stores, wires every feature, and returns a node ready to listen. */
export async function createServerNode(config: Config, logger: Logger): Promise<ServerNode> {
  await connectMongo(config.MONGODB_URL, config.MONGODB_DB, { monitorCommands: config.METRICS_TOKEN !== undefined });
  const connections = openNodeConnections(config.REDIS_URL);
  const { redis, pub, sub, mediaSub, boardSub, roomsSub } = connections;
  const prefix = config.REDIS_KEY_PREFIX;
  const accessCache = await RoomAccessCache.create({ redis, sub: roomsSub, prefix, nodeId: config.SERVER_ID });
  readAccessThrough(accessCache);
  const media = await MediaClient.create({
    redis,
    subscriber: mediaSub,
    prefix,
    nodeId: config.SERVER_ID,
    maxConsumersPerNode: config.MEDIA_NODE_MAX_CONSUMERS,
  });

  const tokens = new AccessTokens({
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const mail = MailQueue.create({
    redis,
    prefix,
    transport: config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_FROM) : logTransport(logger),
    logger,
  });
  const accounts = new AccountsService(
    tokens,
    {
      refreshTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
      maxLoginFailures: config.LOGIN_MAX_FAILURES,
      lockMs: config.LOGIN_LOCK_MINUTES * 60_000,
      twoFactorRoles: config.TWO_FACTOR_REQUIRED_ROLES,
    },
    { redis, prefix },
  );
  const profile = new ProfileService(
    accounts,
    { emailLinkTtlMs: config.SIGNUP_LINK_TTL_SECONDS * 1000, publicUrl: config.PUBLIC_URL },
    { redis, prefix },
    mail,
  );

  let accepting = true;
  // Express must be the server's request listener before Socket.IO attaches: Socket.IO then hands
  // it every request outside /socket.io, instead of both answering the same request.
  let app: ReturnType<typeof createHttpApp> | undefined;
  let metrics: MetricsEndpoint | undefined;
  const httpServer = createServer((req, res) => metrics?.(req, res) || app?.(req, res));
  const io = createRealtime({ httpServer, config, pub, sub });
  const admin = new AdminService(accounts);
  const dailyCounters = new DailyCounters({ redis, prefix, logger });
  countInto(dailyCounters);
  const notifications = new NotificationsService(redis, prefix, (userId, n) =>
    io.to(rooms.user(userId)).emit("notification:new", n),
  );
  const chat = new ChatService(redis, prefix, notifications, logger, {
    perMessage: config.CHAT_MAX_MENTIONS,
    noticesPerSenderPerMinute: config.NOTIFICATIONS_PER_SENDER_PER_MINUTE,
  });
  const hands = new HandsService(redis, prefix, notifications);
  const moderation = new ModerationService();
  const boardFeed = new BoardFeed(redis, prefix);
  const boardWriter = new BoardWriter(redis, prefix, boardFeed);
  const awards = new AwardsService(boardWriter, new LedgerCache(redis, prefix));
  const giftUnlocker = new GiftUnlocker(notifications, (userId, gift) =>
    io.to(rooms.user(userId)).emit("gift:unlocked", gift),
  );
  // Before the recovery sweep starts: every credit of points, recovered ones too, may unlock a gift.
  awards.onPointsCredited((userId, points) => giftUnlocker.unlockReached(userId, points));
  const leaderboards = new LeaderboardsService(redis, prefix, boardWriter, boardFeed, awards.cache);
  const boardPusher = await BoardPusher.create({ io, subscriber: boardSub, prefix, leaderboards, logger });
  awards.startRecovery((error) => logger.warn({ err: error }, "award recovery sweep failed; retrying"));
  const live = new LiveService(redis, prefix);
  const classNotices = ClassNotices.start(notifications, {
    reminderLeadMs: config.CLASS_REMINDER_MINUTES * 60_000,
    sweepMs: config.CLASS_REMINDER_SWEEP_SECONDS * 1000,
    onError: (error) => logger.warn({ err: error }, "class reminder sweep failed; retrying"),
  });
  // The class is live whatever becomes of its notice.
  live.onStarted(async () => countDaily({ classesHeld: 1 }));
  live.onStarted((liveClass) =>
    classNotices.started(liveClass).catch((error: unknown) => {
      logger.warn({ err: error, liveClassId: liveClass.id }, "could not tell learners a class started");
    }),
  );
  const progress = new ProgressService(awards);
  const guardianLinks = new GuardianLinks();
  const budgets = new GuardianBudgets({
    taskPointsPerWeek: config.GUARDIAN_TASK_POINTS_PER_WEEK,
    dailyPointsPerLearner: config.GUARDIAN_DAILY_POINTS_PER_LEARNER,
  });
  const guardianTasks = new GuardianTasks(awards, notifications, budgets);
  const quizzes = new QuizService(awards, progress);
  const study = startStudy({ config, redis, prefix, awards, notifications, quizzes, logger });
  const liveQuiz = LiveQuizService.create({
    redis,
    prefix,
    awards,
    push: liveQuizPush(io),
    onError: (error) => logger.warn({ err: error }, "live quiz timer or push failed; the sweep retries"),
  });
  const waitingRoom = new WaitingRoomService(redis, prefix, live, waitingRoomPush(io));
  const polls = new PollsService({
    redis,
    prefix,
    live,
    push: pollsPush(io),
    admissions: waitingRoom,
    onError: (error) => logger.warn({ err: error }, "could not push a poll's results"),
  });
  live.onEnded((liveClass) => polls.endOfClass(String(liveClass.roomId), liveClass.id));
  const classTimers = new ClassTimers(redis, prefix);
  const speakers = relayMediaEvents(io, media);
  const subscribe: RoomSubscriber = (userIds, room) => {
    for (const userId of userIds) io.in(rooms.user(userId)).socketsJoin(rooms.room(room.kind, room.id));
  };
  const commerce = startCommerce(config, {
    redis,
    prefix,
    awards,
    notifications,
    giftUnlocker,
    budgets,
    subscribe,
    logger,
  });
  const { storage, uploads, orders, gifts } = commerce;
  // Once awards and orders exist: the demo's XP and its order go through them, as real ones do.
  if (config.SEED_DEMO && (await seedDemoData({ awards, orders }, config.SEED_DEMO_SCOPE)))
    logger.info("seeded the demo school");
  const stopOrderRecovery = startOrderRecovery(orders, (error) =>
    logger.warn({ err: error }, "order recovery sweep failed; retrying"),
  );
  const { hub, collab } = startCollab(config, { redis, prefix, accounts, logger });
  const codeRuns = new CodeRunsService(
    new SandboxPool({
      size: config.CODE_RUN_POOL_SIZE,
      timeLimitMs: config.CODE_RUN_TIME_LIMIT_MS,
      memoryBytes: config.CODE_RUN_MEMORY_MB * 1024 * 1024,
      logger,
    }),
    awards,
    progress,
    async (docId) => (await hub.doc(docId))?.doc ?? null,
  );
  // Outside Express: a scrape is neither an API call nor a page, and the token is its only guard.
  metrics =
    config.METRICS_TOKEN === undefined
      ? undefined
      : startMetrics({
          token: config.METRICS_TOKEN,
          io,
          redis: [redis, pub],
          collabConnections: () => hub.connections,
        });
  // An ended session or account loses its sockets and its documents on every node at once.
  const sessions = sessionControl(io);
  accounts.onSessionsEnded(async (end) => {
    sessions.end(end);
    await hub.revoke({ userId: end.userId, sessionId: end.sessionId ?? undefined, reason: "session_ended" });
  });
  // A member who leaves a room for good stops following its quiz and loses its documents on every node.
  const evictions = RoomEvictions.create(io, logger);
  evictions.onMemberExit(({ roomId, userId }) => liveQuiz.unfollow(roomId, userId));
  evictions.onMemberExit(({ roomId, userId }) => hub.revoke({ userId, roomId, reason: "removed" }));
  // Collaboration sockets are ours; Socket.IO leaves other upgrades alone (destroyUpgrade: false).
  httpServer.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/socket.io") && !hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const presence = PresenceService.create({
    redis,
    prefix,
    nodeId: config.SERVER_ID,
    onExpired: (roomId, userId) => {
      announceLeft(io, roomId, userId).catch((error: unknown) => logger.error({ err: error }, "presence:left failed"));
    },
    onError: (error) => logger.warn({ err: error }, "presence heartbeat or sweep failed; retrying"),
  });
  const breakouts = startBreakouts({
    io,
    redis,
    prefix,
    nodeId: config.SERVER_ID,
    media,
    speakers,
    presence,
    evictions,
    hands,
    uploads,
    logger,
  });
  live.onEnded((liveClass) => breakouts.breakouts.ender.endOfClass(liveClass.id));

  app = createHttpApp({
    config,
    logger,
    apiLimiter: new RedisRateLimiter(redis, prefix, "api", config.API_RATE_LIMIT_PER_MINUTE, 60_000),
    routes: httpRoutes({
      config,
      redis,
      accepting: () => accepting,
      accounts,
      profile,
      ...accountSecurity(accounts, config, { redis, prefix }, mail, { uploads, gifts }),
      awards,
      guardianLinks,
      guardianTasks,
      budgets,
      leaderboards,
      study: study.services,
      media,
      admin,
      analytics: new AnalyticsService(redis, prefix),
      collab,
      announceDoc: (room, doc) => io.to(room).emit("doc:updated", doc),
      live,
      breakouts: breakouts.breakouts,
      polls,
      subscribe,
      progress,
      quizzes,
      codeRuns,
      notifications,
      ...commerce,
    }),
    rawBodyPaths: [STRIPE_WEBHOOK_PATH],
    webHandler: withStorageOrigin(await loadWebHandler(config.WEB_BUILD_DIR, logger), storage?.publicOrigin ?? null),
  });

  const connectionLimits = connectionLimitsFrom(config, {
    redis,
    logger,
    isConnected: (socketId) => io.of("/").sockets.has(socketId),
  });
  // Socket.IO runs these in order: the cheap per-address count, the token, then the seats.
  limitConnectionRate(io, connectionLimits);
  installSessionAuth(io, accounts);
  limitConcurrentSockets(io, connectionLimits);
  wireSockets(io, {
    logger,
    serverId: config.SERVER_ID,
    rate: {
      perSecond: config.SOCKET_EVENTS_PER_SECOND,
      burst: config.SOCKET_EVENT_BURST,
      shared: sharedCommandRate(connectionLimits),
    },
    accounts,
    chat,
    hands,
    moderation,
    notifications,
    presence,
    live,
    media,
    speakers,
    leaderboards,
    liveQuiz,
    evictions,
    groupTimers: study.groupTimers,
    polls,
    waitingRoom,
    classTimers,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      accepting = false;
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      io.local.emit("session:ended", { reason: "shutting_down" });
      io.local.disconnectSockets(true);
      httpServer.closeIdleConnections();
      await io.close();
      await connectionLimits.seats.close();
      await hub.close();
      await codeRuns.close();
      boardPusher.close();
      liveQuiz.close();
      polls.close();
      await classNotices.close();
      await breakouts.close();
      await study.close();
      awards.close();
      await dailyCounters.close();
      stopOrderRecovery();
      storage?.close();
      await mail.close();
      await presence.close();
      await media.close();
      httpServer.closeAllConnections();
      await stopped;
      await accessCache.close();
      await connections.quit();
      await disconnectMongo();
    })();
    return closing;
  };

  return {
    httpServer,
    app,
    io,
    accounts,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.PORT, config.HOST, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    close,
  };
}

import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MediaClient } from "@chalkline/media";
import { rooms } from "@chalkline/shared";
import { AccessTokens, AccountsService, accountsRoutes, installSessionAuth, sessionControl } from "./features/accounts";
import { adminRoutes } from "./features/admin/admin.routes";
import { AdminService } from "./features/admin/admin.service";
import { ChatService } from "./features/chat/chat.service";
import { CollabHub } from "./features/collab/collab.hub";
import { collabRoutes } from "./features/collab/collab.routes";
import { CollabService } from "./features/collab/collab.service";
import { CollabStore } from "./features/collab/collab.store";
import { coursesRoutes } from "./features/courses/courses.routes";
import { HandsService } from "./features/hands/hands.service";
import { healthRoutes } from "./features/health/health.routes";
import { relayMediaEvents } from "./features/live/live.media";
import { liveRoutes } from "./features/live/live.routes";
import { LiveService } from "./features/live/live.service";
import { ModerationService } from "./features/moderation/moderation.service";
import { notificationsRoutes } from "./features/notifications/notifications.routes";
import { NotificationsService } from "./features/notifications/notifications.service";
import { PresenceService } from "./features/presence/presence.service";
import { type RoomSubscriber, roomsRoutes } from "./features/rooms/rooms.routes";
import { announceLeft } from "./features/rooms/rooms.socket";
import type { Config } from "./platform/config";
import { createHttpApp } from "./platform/http";
import type { Logger } from "./platform/logger";
import { connectMongo, disconnectMongo, pingMongo } from "./platform/mongo";
import { RedisRateLimiter } from "./platform/rate-limit";
import { type AppServer, createRealtime } from "./platform/realtime";
import { createRedis, createSubscriberRedis, pingRedis } from "./platform/redis";
import { loadWebHandler } from "./platform/web";
import { seedDemoData } from "./seed/demo";
import { wireSockets } from "./sockets";

export { type Config, loadConfig } from "./platform/config";
export { createLogger, type Logger } from "./platform/logger";

export interface ServerNode {
  httpServer: HttpServer;
  io: AppServer;
  accounts: AccountsService;
  listen(): Promise<number>;
  /** Stops accepting, ends every socket, flushes and closes connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Composition root: connects the stores, wires every feature, and returns a node ready to listen. */
export async function createServerNode(config: Config, logger: Logger): Promise<ServerNode> {
  await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  if (config.SEED_DEMO && (await seedDemoData())) logger.info("seeded demo data into an empty database");
  const redis = createRedis(config.REDIS_URL);
  const pub = createSubscriberRedis(config.REDIS_URL);
  const sub = createSubscriberRedis(config.REDIS_URL);
  const mediaSub = createSubscriberRedis(config.REDIS_URL);
  const prefix = config.REDIS_KEY_PREFIX;
  const media = await MediaClient.create({ redis, subscriber: mediaSub, prefix, nodeId: config.SERVER_ID });

  const tokens = new AccessTokens({
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const accounts = new AccountsService(tokens, {
    refreshTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    maxLoginFailures: config.LOGIN_MAX_FAILURES,
    lockMs: config.LOGIN_LOCK_MINUTES * 60_000,
  });

  let accepting = true;
  // Express must be the server's request listener before Socket.IO attaches: Socket.IO then hands
  // it every request outside /socket.io, instead of both answering the same request.
  let app: ReturnType<typeof createHttpApp> | undefined;
  const httpServer = createServer((req, res) => app?.(req, res));
  const io = createRealtime({ httpServer, config, pub, sub });
  const admin = new AdminService(accounts, sessionControl(io));
  const notifications = new NotificationsService((userId, n) => io.to(rooms.user(userId)).emit("notification:new", n));
  const chat = new ChatService(redis, prefix, notifications);
  const hands = new HandsService(redis, prefix, notifications);
  const moderation = new ModerationService();
  const live = new LiveService(redis, prefix);
  const speakers = relayMediaEvents(io, media);
  const subscribe: RoomSubscriber = (userIds, room) => {
    for (const userId of userIds) io.in(rooms.user(userId)).socketsJoin(rooms.room(room.kind, room.id));
  };
  const hub = CollabHub.create({
    store: new CollabStore(redis, prefix, config.SERVER_ID),
    accounts,
    logger,
    nodeId: config.SERVER_ID,
    prefix,
    allowedOrigins: config.allowedOrigins,
    redis,
    compactEvery: config.COLLAB_COMPACT_EVERY,
  });
  const collab = new CollabService(hub);
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

  app = createHttpApp({
    config,
    logger,
    apiLimiter: new RedisRateLimiter(redis, prefix, "api", config.API_RATE_LIMIT_PER_MINUTE, 60_000),
    routes: [
      ["/", healthRoutes({ accepting: () => accepting, checks: { mongo: pingMongo, redis: () => pingRedis(redis) } })],
      [
        "/api",
        accountsRoutes(
          accounts,
          config,
          new RedisRateLimiter(redis, prefix, "auth", config.AUTH_RATE_LIMIT_PER_MINUTE, 60_000),
        ),
      ],
      ["/api/admin", adminRoutes(admin, accounts)],
      // Before the rooms routes, which would otherwise authenticate /rooms/:id/docs a second time.
      ["/api", collabRoutes(collab, accounts, (room, doc) => io.to(room).emit("doc:updated", doc))],
      ["/api", liveRoutes(live, accounts)],
      ["/api", roomsRoutes(accounts, subscribe)],
      ["/api/courses", coursesRoutes(accounts, subscribe)],
      ["/api/notifications", notificationsRoutes(notifications, accounts)],
    ],
    webHandler: await loadWebHandler(config.WEB_BUILD_DIR, logger),
  });

  installSessionAuth(io, accounts);
  wireSockets(io, {
    logger,
    serverId: config.SERVER_ID,
    rate: { perSecond: config.SOCKET_EVENTS_PER_SECOND, burst: config.SOCKET_EVENT_BURST },
    accounts,
    chat,
    hands,
    moderation,
    notifications,
    presence,
    live,
    media,
    speakers,
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
      await hub.close();
      await presence.close();
      await media.close();
      httpServer.closeAllConnections();
      await stopped;
      await Promise.allSettled([redis.quit(), pub.quit(), sub.quit(), mediaSub.quit()]);
      await disconnectMongo();
    })();
    return closing;
  };

  return {
    httpServer,
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

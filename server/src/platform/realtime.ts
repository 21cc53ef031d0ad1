import type { Server as HttpServer, IncomingMessage } from "node:http";
import {
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  MAX_SOCKET_PAYLOAD_BYTES,
  type Role,
  type ServerToClientEvents,
  SOCKET_PATH,
} from "@chalkline/shared";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { Cluster } from "ioredis";
import { Server, type Socket } from "socket.io";
import type { z } from "zod";
import type { Config } from "./config";
import { AppError, outageError, parseOrThrow } from "./errors";
import type { Logger } from "./logger";
import { probe, reportIfRefused } from "./probe";
import { type RateLimitVerdict, TokenBucket, type TokenRate } from "./rate-limit";
import type { RedisClient } from "./redis";

/** What the handshake puts on every socket; serialisable, because other nodes read it too. */
export interface SocketData {
  userId: string;
  displayName: string;
  role: Role;
  tokenExpiresAt: number;
  /** The session (login) of the token the socket presented, and the account's token version then. */
  sessionId: string;
  tokenVersion: number;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RealtimeParts {
  httpServer: HttpServer;
  config: Config;
  pub: RedisClient;
  sub: RedisClient;
}

/**
 * The Socket.IO server: Redis adapter for cross-node rooms, payload size cap, and the Origin
 * allowlist checked on the handshake and the upgrade (a request without Origin is not from a browser and cannot
 * carry a victim's cookies, so it is let through to the token check).
 */
export function createRealtime({ httpServer, config, pub, sub }: RealtimeParts): AppServer {
  const allowed = new Set(config.allowedOrigins);
  return new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // Other upgrade paths (the collaboration endpoint) are answered by their own handler, which may
    // take longer than engine.io's one-second grace to authorise.
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    // No CORS: the web app is served from the same origin, and cross-origin pages are refused below.
    allowRequest: (req: IncomingMessage, callback) => {
      const origin = req.headers.origin;
      callback(
        origin === undefined || allowed.has(origin) ? null : "origin_not_allowed",
        origin === undefined || allowed.has(origin),
      );
    },
    adapter: adapterFor(pub, sub, `${config.REDIS_KEY_PREFIX}socket.io`),
  });
}

/**
 * On a cluster, sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7): packets go to one shard instead of
 * being broadcast over the cluster bus to every master. One channel per namespace (`static`), not
 * one per room: packets on different channels may overtake each other, and a chat edit followed by
 * its delete must reach every node in that order.
 */
function adapterFor(pub: RedisClient, sub: RedisClient, key: string) {
  return pub instanceof Cluster
    ? createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode: "static" })
    : createAdapter(pub, sub, { key });
}

/**
 * The client's address as Express reads it with a numeric `trust proxy`: the `trustedHops` proxies
 * in front of the node are believed about who called them, and nothing further.
 */
export function clientAddress(socket: AppSocket, trustedHops: number): string {
  const remote = socket.handshake.address;
  if (trustedHops === 0) return remote;
  const header = socket.handshake.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean)
    .reverse();
  const chain = [remote, ...forwarded];
  return chain[Math.min(trustedHops, chain.length - 1)] ?? remote;
}

/**
 * How fast a socket's commands may come: its own bucket (local, no round trip), then, when set,
 * what it shares with its account and address over every node.
 */
export interface CommandRate extends TokenRate {
  shared?: (socket: AppSocket) => Promise<RateLimitVerdict>;
}

const buckets = new WeakMap<AppSocket, TokenBucket>();

/** Takes a token from the socket's bucket; false when it is flooding. */
function takeToken(socket: AppSocket, rate: TokenRate): boolean {
  let bucket = buckets.get(socket);
  if (!bucket) {
    bucket = new TokenBucket(rate.perSecond, rate.burst);
    buckets.set(socket, bucket);
  }
  return bucket.take();
}

/** What a command's ack carries on success, read off the event map. */
export type AckData<E extends keyof ClientToServerEvents> = ClientToServerEvents[E] extends (
  payload: never,
  ack: (result: Ack<infer R>) => void,
) => void
  ? R
  : never;

export type CommandContext = HandlerContext & { rate: CommandRate };

/** Registers typed commands on a socket: `command("chat:send", chatSendSchema, async (p) => …)`. */
export function commandRegistrar(ctx: CommandContext) {
  return <E extends keyof ClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    run: (payload: z.infer<S>) => Promise<AckData<E>> | AckData<E>,
  ): void => {
    ctx.socket.on(event, defineHandler(ctx, event, schema, run) as never);
  };
}

/**
 * For volatile signals without an ack (typing): invalid or flooding payloads are dropped silently,
 * because there is nobody to answer and nothing is lost.
 */
export function signalRegistrar(ctx: CommandContext) {
  return <S extends z.ZodType>(
    event: keyof ClientToServerEvents,
    schema: S,
    run: (payload: z.infer<S>) => Promise<void>,
  ) => {
    ctx.socket.on(event, ((payload: unknown) => {
      if (!takeToken(ctx.socket, ctx.rate)) return;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return;
      run(parsed.data).catch((error: unknown) => {
        if (!(error instanceof AppError)) ctx.logger.error({ err: error }, "socket signal failed");
      });
    }) as never);
  };
}

export interface HandlerContext {
  socket: AppSocket;
  logger: Logger;
}

/**
 * The one way to handle a client command: rate limits → validate with the shared schema → call →
 * ack `{ ok: true, data }` or `{ ok: false, error }`, each answer counted by event and outcome. Operational errors are acked; anything else
 * is logged and acked as `internal`, and the server keeps serving.
 */
export function defineHandler<S extends z.ZodType, R>(
  ctx: CommandContext,
  event: keyof ClientToServerEvents,
  schema: S,
  run: (payload: z.infer<S>) => Promise<R> | R,
): (payload: unknown, ack: unknown) => void {
  const { socket, logger } = ctx;
  return (payload, ack) => {
    const started = performance.now();
    const reply = (result: Ack<R>, limit?: string) => {
      const outcome = result.ok ? "ok" : result.error.code;
      probe.command(event, outcome, (performance.now() - started) / 1000);
      if (!result.ok) reportIfRefused(result.error.code, limit ?? event);
      if (typeof ack === "function") ack(result);
    };
    if (!takeToken(socket, ctx.rate)) {
      reply({ ok: false, error: { code: "rate_limited", message: "too many events; slow down" } }, "socket_commands");
      return;
    }
    Promise.resolve()
      .then(async () => {
        // Invalid commands count too: a flood of them costs the node as much.
        const shared = await ctx.rate.shared?.(socket);
        if (shared && !shared.allowed) {
          throw new AppError("rate_limited", "too many events from this account or address; slow down", {
            retryAfterSeconds: shared.retryAfterSeconds,
            limit: "socket_commands_shared",
          });
        }
        return run(parseOrThrow(schema, payload));
      })
      .then(
        (data) => reply({ ok: true, data }),
        (error: unknown) => {
          if (error instanceof AppError) return reply({ ok: false, error: error.toBody() }, error.limit);
          const outage = outageError(error);
          if (outage) {
            logger.warn({ err: error, user: socket.data.userId }, "socket handler met an outage");
            return reply({ ok: false, error: outage.toBody() });
          }
          logger.error({ err: error, user: socket.data.userId }, "socket handler failed");
          reply({ ok: false, error: { code: "internal", message: "something went wrong" } });
        },
      );
  };
}

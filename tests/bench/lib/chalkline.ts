import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_BUCKET, startEmbeddedServices } from "@chalkline/server/embedded";
import { type ClientSocket, connectSocket } from "../../helpers/clients";
import type { TestServices } from "../../helpers/global-services";
import { uniqueName } from "../../helpers/ids";
import { useMailpit } from "../../helpers/mail";
import type { FanoutClient } from "./fanout";
import type { BenchContext } from "./run";

/**
 * The server's token bucket allows 10 events a second with a burst of 30 per socket by default;
 * raised far above what the senders reach so the figures measure fan-out, not throttling.
 */
export const SOCKET_RATE = { eventsPerSecond: 100_000, burst: 100_000 };

/** Environment of every benchmark node: registrations and API calls from one IP, unthrottled sockets. */
export const BENCH_NODE_ENV: Record<string, string> = {
  AUTH_RATE_LIMIT_PER_MINUTE: "100000",
  API_RATE_LIMIT_PER_MINUTE: "1000000",
  SOCKET_EVENTS_PER_SECOND: String(SOCKET_RATE.eventsPerSecond),
  SOCKET_EVENT_BURST: String(SOCKET_RATE.burst),
  SOCKET_ACCOUNT_EVENTS_PER_SECOND: String(SOCKET_RATE.eventsPerSecond),
  SOCKET_ACCOUNT_EVENT_BURST: String(SOCKET_RATE.burst),
  SOCKET_IP_EVENTS_PER_SECOND: String(SOCKET_RATE.eventsPerSecond),
  SOCKET_IP_EVENT_BURST: String(SOCKET_RATE.burst),
  SOCKETS_PER_IP: String(SOCKET_RATE.burst),
  // Probes open a socket per sample for one account; the account's cap would push the kept one out.
  SOCKETS_PER_ACCOUNT: String(SOCKET_RATE.burst),
  COLLAB_CONNECTIONS_PER_ACCOUNT: String(SOCKET_RATE.burst),
  NOTIFICATIONS_PER_SENDER_PER_MINUTE: String(SOCKET_RATE.burst),
  SOCKET_CONNECTS_PER_IP_PER_MINUTE: String(SOCKET_RATE.burst),
  COLLAB_MESSAGES_PER_SECOND: String(SOCKET_RATE.eventsPerSecond),
  COLLAB_MESSAGE_BURST: String(SOCKET_RATE.burst),
};

const ACK_TIMEOUT_MS = 30_000;
/** A node answers `unavailable` when it lost the race for a seq too often; a client sends again. */
const MAX_SEND_ATTEMPTS = 20;

/** What every node of one run shares: the services, a database name and a Redis key prefix. */
export interface BenchCluster {
  services: TestServices;
  dbName: string;
  keyPrefix: string;
}

/** Starts the backing services in a temporary directory; the cleanup stops them and removes it. */
export async function startBenchCluster(ctx: BenchContext): Promise<BenchCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), "chalkline-bench-"));
  ctx.cleanup.add("temp dir", () => rm(dataDir, { recursive: true, force: true }));
  ctx.progress("starting Redis, the MongoDB-compatible store and S3");
  const { value } = await ctx.cleanup.start("backing services", startBackingServices(dataDir), (b) => b.stop());
  return { services: value.services, dbName: uniqueName("bench"), keyPrefix: uniqueName("bk") };
}

/**
 * Starts fresh Redis, MongoDB-compatible, S3 and Mailpit servers with their data under `dataDir`, ignoring
 * any MONGODB_URL / REDIS_URL / S3_ENDPOINT / SMTP_URL in the environment so every run measures the same
 * thing (and sign-up mails can be read back from Mailpit).
 */
export async function startBackingServices(
  dataDir: string,
): Promise<{ services: TestServices; stop(): Promise<void> }> {
  const { MONGODB_URL: _m, REDIS_URL: _r, S3_ENDPOINT: _s, SMTP_URL: _mail, ...env } = process.env;
  const embedded = await startEmbeddedServices({ dataDir, env });
  const e = embedded.env;
  const mailpit = embedded.mailpit;
  if (!e.REDIS_URL || !e.MONGODB_URL || !e.S3_ENDPOINT || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY || !mailpit) {
    await embedded.stop();
    throw new Error(`embedded services incomplete: ${Object.keys(e).join(", ")}`);
  }
  useMailpit(mailpit.url);
  return {
    services: {
      redisUrl: e.REDIS_URL,
      mongoUrl: e.MONGODB_URL,
      s3: {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION || "us-east-1",
        bucket: e.S3_BUCKET || DEFAULT_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
      },
      mail: { smtpUrl: mailpit.smtpUrl, apiUrl: mailpit.url },
    },
    stop: () => embedded.stop(),
  };
}

/** A learner's socket.io client that joined `roomId`; sends are `chat:send`, deliveries `chat:sent`. */
export async function connectChatClient(url: string, token: string, roomId: string): Promise<FanoutClient> {
  const { socket } = await connectSocket(url, token);
  const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("room:join", { roomId });
  if (!joined.ok) {
    socket.close();
    throw new Error(`room:join refused: ${joined.error.code} ${joined.error.message}`);
  }
  return {
    send: (clientMsgId, text) => sendChat(socket, roomId, clientMsgId, text),
    onDelivery: (listener) => {
      socket.on("chat:sent", (message) => {
        if (message.roomId === roomId) listener(message.clientMsgId);
      });
    },
    close: () => socket.close(),
  };
}

/** `chat:send` until the node stores it; resolves with how many attempts that took. */
export async function sendChat(socket: ClientSocket, roomId: string, clientMsgId: string, text: string) {
  for (let attempt = 1; ; attempt++) {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("chat:send", { roomId, clientMsgId, text });
    if (ack.ok) return attempt;
    if (ack.error.code !== "unavailable" || attempt >= MAX_SEND_ATTEMPTS) {
      throw new Error(`chat:send refused after ${attempt} attempts: ${ack.error.code} ${ack.error.message}`);
    }
  }
}

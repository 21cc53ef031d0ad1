import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { COLLAB_CLOSE, COLLAB_PATH, type CollabCloseReason, userColor } from "@chalkline/shared";
import { type WebSocket, WebSocketServer } from "ws";
import { AppError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import { probe } from "../../platform/probe";
import { TokenBucket } from "../../platform/rate-limit";
import { duplicateSubscriber, type RedisClient } from "../../platform/redis";
import type { AccountsService } from "../accounts/accounts.service";
import { roomAccess } from "../rooms/rooms.access";
import { collabKeys } from "./collab.keys";
import { YDocRecord } from "./collab.model";
import { CollabFrameError, decodeRelay, encodeRelay, RELAY } from "./collab.protocol";
import { CollabOwners, type CollabRevoke, collabRevokeSchema } from "./collab.revokes";
import { CollabSeats } from "./collab.seats";
import type { CollabStore } from "./collab.store";
import type { CollabTickets } from "./collab.tickets";
import { type CollabConn, SharedDoc } from "./shared-doc";

const DOC_ID = /^[a-f0-9]{24}$/;
const UNLOAD_AFTER_MS = 30_000;
/** A read-only connection only moves its cursor: a tenth of a writer's messages. */
const READER_SHARE = 0.1;

export interface CollabHubOptions {
  store: CollabStore;
  accounts: AccountsService;
  /** What a connection's URL carries instead of an access token. */
  tickets: CollabTickets;
  logger: Logger;
  nodeId: string;
  prefix: string;
  allowedOrigins: string[];
  /** Command connection for publishing; the hub makes its own subscriber from it. */
  redis: RedisClient;
  compactEvery?: number;
  /** Messages a second (and burst) per writable connection; more close it with `rate_limited`. */
  rate: { perSecond: number; burst: number };
  /** A larger frame closes its connection with `too_large`. */
  maxFrameBytes: number;
  /** A change that would take a document past this is refused with `too_large`. */
  maxDocBytes: number;
  /** Connections one account may hold over every node (more close with `too_many_open`), and how long a dead node's still count. */
  seats: { perAccount: number; ttlMs: number };
}

/**
 * The y-websocket endpoint of one node: authorises each upgrade, serves documents it holds in
 * memory, and exchanges their updates and awareness with the other nodes through Redis.
 */
export class CollabHub {
  readonly #wss: WebSocketServer;
  readonly #docs = new Map<string, Promise<SharedDoc | null>>();
  readonly #unloadTimers = new Map<string, NodeJS.Timeout>();
  readonly #sub: RedisClient;
  readonly #owners = new CollabOwners();
  readonly #revokes: string;
  readonly #seats: CollabSeats;
  #closing: Promise<void> | undefined;

  private constructor(private readonly opts: CollabHubOptions) {
    // Frames up to twice the limit are read, so that most oversize ones get a close code that says so.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: 2 * opts.maxFrameBytes });
    this.#sub = duplicateSubscriber(opts.redis);
    this.#revokes = collabKeys.revokes(opts.prefix);
    const { redis, prefix, nodeId, logger } = opts;
    this.#seats = new CollabSeats({ ...opts.seats, redis, prefix, nodeId, logger });
    this.#sub.on("messageBuffer", (channel: Buffer, frame: Buffer) => {
      const name = channel.toString();
      if (name === this.#revokes) this.#onRevoke(frame);
      else this.#onRelay(name, frame);
    });
    this.#sub.subscribe(this.#revokes).catch((error: unknown) => {
      opts.logger.error({ err: error }, "could not subscribe to collaboration revokes");
    });
  }

  /** Collaboration connections open on this node. */
  get connections(): number {
    return this.#wss.clients.size;
  }

  static create(opts: CollabHubOptions): CollabHub {
    return new CollabHub(opts);
  }

  /** For `server.on("upgrade")`: returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(`${COLLAB_PATH}/`)) return false;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.#onConnection(ws, req, url).catch((error: unknown) => {
        this.opts.logger.error({ err: error }, "collab connection failed");
        closeWith(ws, "load_failed");
      });
    });
    return true;
  }

  /** A document's lock changed: every node re-evaluates its connections. */
  async publishLock(docId: string, readOnly: boolean): Promise<void> {
    await this.opts.redis.publish(
      collabKeys.channel(this.opts.prefix, docId),
      encodeRelay(RELAY.lock, this.opts.nodeId, Uint8Array.of(readOnly ? 1 : 0)),
    );
  }

  /**
   * Closes, on every node, the connections a revoke names: a session's or an account's when they
   * end, a member's to a room's documents when they leave it.
   */
  async revoke(revoke: CollabRevoke): Promise<void> {
    await this.opts.redis.publish(this.#revokes, JSON.stringify(revoke));
  }

  /** The document as this node holds it, loading it when needed (for snapshots and restores). */
  async doc(docId: string): Promise<SharedDoc | null> {
    let loading = this.#docs.get(docId);
    if (!loading) {
      loading = this.#load(docId);
      this.#docs.set(docId, loading);
      loading.catch(() => this.#docs.delete(docId));
    }
    const shared = await loading;
    if (!shared) this.#docs.delete(docId);
    else this.#scheduleUnload(shared);
    return shared;
  }

  /** Flushes and closes every document; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
      const docs = await Promise.all([...this.#docs.values()].map((p) => p.catch(() => null)));
      await Promise.all(docs.map((d) => d?.close(COLLAB_CLOSE.shutting_down, "shutting_down")));
      this.#docs.clear();
      this.#wss.close();
      await this.#seats.close();
      await this.#sub.quit().catch(() => undefined);
    })();
    return this.#closing;
  }

  async #onConnection(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    const queued: Uint8Array[] = [];
    const queue = (data: Buffer) => queued.push(new Uint8Array(data));
    ws.on("message", queue);
    ws.on("error", () => ws.terminate());

    const origin = req.headers.origin;
    if (origin !== undefined && !this.opts.allowedOrigins.includes(origin)) return closeWith(ws, "forbidden");
    const docId = url.pathname.slice(COLLAB_PATH.length + 1);
    if (!DOC_ID.test(docId)) return closeWith(ws, "not_found");

    let conn: CollabConn | undefined;
    try {
      // Only a ticket: an access token in the URL would be written to every proxy's log.
      const grant = await this.opts.tickets.redeem(url.searchParams.get("ticket") ?? "", docId);
      if (!(await this.#takeSeat(ws, grant.userId))) return closeWith(ws, "too_many_open");
      const record = await YDocRecord.findById(docId, { roomId: 1, readOnly: 1 });
      if (!record) return closeWith(ws, "not_found");
      // Tracked before the checks below: a revoke published from now on closes it, and one published
      // earlier left its mark (ended session, removed membership) for the checks to see.
      const owner = { userId: grant.userId, sessionId: grant.sessionId, roomId: String(record.roomId) };
      this.#owners.add(ws, owner, () => {
        if (conn) conn.readOnly = true;
      });
      const user = await this.opts.accounts.resume(grant);
      const access = await roomAccess(String(record.roomId), user);
      conn = {
        ws,
        userId: user.id,
        user: { id: user.id, name: user.displayName, role: user.role, ...userColor(user.id) },
        readOnly: record.readOnly && !access.canModerate,
        canModerate: access.canModerate,
        clientIds: new Set(),
        bucket: this.#bucketFor(record.readOnly && !access.canModerate),
      };
      const expiry = setTimeout(() => closeWith(ws, "unauthorized"), Math.max(0, grant.expiresAt - Date.now()));
      ws.once("close", () => clearTimeout(expiry));
    } catch (error) {
      if (error instanceof AppError) return closeWith(ws, error.status === 403 ? "forbidden" : "unauthorized");
      throw error;
    }
    if (ws.readyState !== ws.OPEN) return;

    const shared = await this.doc(docId).catch((error: unknown) => {
      this.opts.logger.error({ err: error, docId }, "could not load a document");
      return undefined;
    });
    if (shared === undefined) return closeWith(ws, "load_failed");
    if (shared === null) return closeWith(ws, "not_found");
    if (ws.readyState !== ws.OPEN) return;

    ws.off("message", queue);
    shared.addConn(conn);
    this.#cancelUnload(docId);
    ws.on("message", (data: Buffer) => this.#receive(shared, conn, data));
    ws.on("close", () => {
      shared.removeConn(conn);
      this.#scheduleUnload(shared);
    });
    for (const data of queued) this.#receive(shared, conn, data);
  }

  /**
   * One frame from a client. `ws` emits synchronously, so anything thrown here would end the
   * process: a refused or failing frame closes that one connection instead, and nothing else.
   */
  #receive(shared: SharedDoc, conn: CollabConn, data: Uint8Array): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    try {
      if (data.length > this.opts.maxFrameBytes) {
        throw new CollabFrameError("too_large", `a frame of ${data.length} bytes`);
      }
      shared.receive(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      const refused = error instanceof CollabFrameError;
      const fields = { err: error, docId: shared.docId, user: conn.userId };
      if (refused) this.opts.logger.warn(fields, "collaboration frame refused; closing the connection");
      if (refused && error.reason === "rate_limited") probe.refused("rate_limited", "collab_messages");
      else this.opts.logger.error(fields, "collaboration frame failed; closing the connection");
      closeWith(conn.ws, refused ? error.reason : "invalid_frame");
    }
  }

  async #load(docId: string): Promise<SharedDoc | null> {
    const channel = collabKeys.channel(this.opts.prefix, docId);
    // Subscribe first: a change relayed while loading is applied after, and Yjs merges it.
    await this.#sub.subscribe(channel);
    const shared = await SharedDoc.load(docId, {
      store: this.opts.store,
      logger: this.opts.logger,
      nodeId: this.opts.nodeId,
      compactEvery: this.opts.compactEvery ?? 200,
      maxDocBytes: this.opts.maxDocBytes,
      publish: (frame) => {
        this.opts.redis.publish(channel, frame).catch((error: unknown) => {
          this.opts.logger.warn({ err: error, docId }, "could not relay a document change");
        });
      },
    });
    if (!shared) await this.#sub.unsubscribe(channel);
    return shared;
  }

  #onRevoke(frame: Buffer): void {
    const revoke = collabRevokeSchema.safeParse(parseJson(frame.toString()));
    if (revoke.success) this.#owners.close(revoke.data);
    else this.opts.logger.warn("malformed collaboration revoke dropped");
  }

  #onRelay(channel: string, frame: Buffer): void {
    const docId = channel.slice(channel.lastIndexOf(":") + 1);
    const loading = this.#docs.get(docId);
    if (!loading) return;
    let relay: ReturnType<typeof decodeRelay>;
    try {
      relay = decodeRelay(new Uint8Array(frame));
    } catch (error) {
      this.opts.logger.warn({ err: error, docId }, "malformed collaboration relay dropped");
      return;
    }
    const { type, nodeId, payload } = relay;
    void loading.then((shared) => {
      if (!shared) return;
      try {
        if (type === RELAY.lock) shared.setReadOnly(payload[0] === 1);
        else if (nodeId !== this.opts.nodeId) shared.applyRelay(type, payload);
      } catch (error) {
        this.opts.logger.warn({ err: error, docId }, "collaboration relay could not be applied");
      }
    });
  }

  /** Counts the connection against its account until it closes; false when the account has no seat left. */
  async #takeSeat(ws: WebSocket, userId: string): Promise<boolean> {
    const seat = await this.#seats.take(userId);
    if (!seat) return false;
    const release = () => {
      seat.release().catch((error: unknown) => {
        this.opts.logger.warn({ err: error, user: userId }, "could not release a collaboration seat");
      });
    };
    // It may have closed while the seat was being taken, and then no close event is left to come.
    if (ws.readyState === ws.CLOSED) release();
    else ws.once("close", release);
    return true;
  }

  #bucketFor(readOnly: boolean): TokenBucket {
    const share = readOnly ? READER_SHARE : 1;
    return new TokenBucket(this.opts.rate.perSecond * share, Math.max(1, Math.round(this.opts.rate.burst * share)));
  }

  #scheduleUnload(shared: SharedDoc): void {
    if (shared.conns.size > 0 || this.#closing) return;
    this.#cancelUnload(shared.docId);
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(shared.docId);
      if (shared.conns.size > 0) return;
      this.#docs.delete(shared.docId);
      void this.#sub.unsubscribe(collabKeys.channel(this.opts.prefix, shared.docId)).catch(() => undefined);
      void shared.close(COLLAB_CLOSE.shutting_down, "unloaded");
    }, UNLOAD_AFTER_MS);
    timer.unref();
    this.#unloadTimers.set(shared.docId, timer);
  }

  #cancelUnload(docId: string): void {
    clearTimeout(this.#unloadTimers.get(docId));
    this.#unloadTimers.delete(docId);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function closeWith(ws: WebSocket, reason: CollabCloseReason): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(COLLAB_CLOSE[reason], reason);
}

/**
 * The tab's one Socket.IO connection. It authenticates with the current access token on every
 * (re)connect, renews the server's view of the token after each refresh, and turns the server's
 * refusals and session ends into what the page should do next.
 */

import {
  type Ack,
  type Announcement,
  type ClientToServerEvents,
  type ErrorCode,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  type SessionEndReason,
  type SessionReady,
  SOCKET_PATH,
  sessionReadySchema,
} from "@chalkline/shared";
import { io, type Socket } from "socket.io-client";
import { browser } from "$app/environment";
import { assertNever } from "$lib/assert";
import { auth } from "$lib/auth.svelte";
import type { CommandName, CommandPayload, CommandResult, ServerEvent, UntypedSocket } from "./commands";

export type ConnectionStatus = "connected" | "reconnecting" | "offline";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const NOT_CONNECTED = { code: "unavailable", message: "not connected" } as const;
const NO_ANSWER = { code: "unavailable", message: "the server did not answer in time" } as const;

const ACK_TIMEOUT_MS = 10_000;
const MAX_ANNOUNCEMENTS = 50;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

class Connection {
  status = $state<ConnectionStatus>("offline");
  ready = $state<SessionReady | null>(null);
  announcements = $state<Announcement[]>([]);
  /** The server speaks a newer protocol: the page must reload to get the matching app. */
  updateAvailable = $state(false);
  /**
   * The account opened more connections than it may hold and this tab's was the oldest: it stays
   * closed until the person asks for it back, or two tabs would push each other out forever.
   */
  pushedOut = $state(false);

  #socket: ClientSocket | null = null;
  /** Subscriptions outlive the socket: `start()` attaches them to each new one. */
  #listeners = new Set<[ServerEvent, (...args: never[]) => void]>();
  #connectListeners = new Set<(reconnected: boolean) => void>();
  /** This socket connected before: the next connect is a reconnect, and pushes may have been missed. */
  #connectedBefore = false;
  #stopTokenListener: (() => void) | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retries = 0;
  /** A reconnect is on its way (after a refresh or a back-off), so the status says "reconnecting". */
  #pending = false;
  #endReason: SessionEndReason | null = null;
  /** A refused token gets one refresh before the session is given up, not one per retry. */
  #retriedRefusedToken = false;
  /** Refused until the account turns on the two-factor sign-in its role requires: no retries meanwhile. */
  #awaitingTwoFactor = false;

  constructor() {
    if (!browser) return;
    window.addEventListener("online", () => {
      if (this.#socket && !this.#socket.connected && !this.#socket.active) this.#reconnect();
      this.#sync();
    });
    window.addEventListener("offline", () => this.#sync());
  }

  /** Opens the connection for the signed-in user; calling it again while open does nothing. */
  start(): void {
    if (!browser || this.#socket) return;
    const socket: ClientSocket = io({
      path: SOCKET_PATH,
      // Sticky sessions are not needed behind the load balancer when the transport never changes.
      transports: ["websocket"],
      // A function, so every reconnect presents the newest token.
      auth: (cb) => {
        void auth.freshToken().then((token) => cb({ token: token ?? "", protocol: PROTOCOL_VERSION }));
      },
    });
    this.#socket = socket;
    this.#pending = true;

    socket.on("connect", () => {
      this.#retries = 0;
      this.#retriedRefusedToken = false;
      this.#pending = false;
      this.#endReason = null;
      this.#sync();
      const reconnected = this.#connectedBefore;
      this.#connectedBefore = true;
      for (const listener of this.#connectListeners) listener(reconnected);
    });
    socket.on("disconnect", () => this.#afterDisconnect());
    socket.on("connect_error", (error) => this.#refused(error.message));
    socket.io.on("reconnect_attempt", () => this.#sync());

    socket.on("session:ready", (ready) => {
      const parsed = sessionReadySchema.safeParse(ready);
      if (parsed.success) this.ready = parsed.data;
    });
    socket.on("session:ended", ({ reason }) => {
      this.#endReason = reason;
    });
    socket.on("announcement:sent", (announcement) => this.#remember(announcement));
    socket.on("error", (error) => console.warn("realtime error", error.code, error.message));
    for (const [event, listener] of this.#listeners) (socket as unknown as UntypedSocket).on(event, listener);

    this.#stopTokenListener = auth.onToken((token) => void this.#renew(token));
    this.#sync();
  }

  /** Closes the connection and forgets what it received (the next user starts clean). */
  stop(): void {
    clearTimeout(this.#retryTimer);
    this.#stopTokenListener?.();
    this.#stopTokenListener = null;
    this.#socket?.removeAllListeners();
    this.#socket?.io.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#pending = false;
    this.#retries = 0;
    this.#connectedBefore = false;
    this.#endReason = null;
    this.#retriedRefusedToken = false;
    this.#awaitingTwoFactor = false;
    this.pushedOut = false;
    this.ready = null;
    this.announcements = [];
    this.status = "offline";
  }

  /** Takes the connection back after it was pushed out (the account's oldest elsewhere goes instead). */
  resume(): void {
    if (!this.pushedOut) return;
    this.pushedOut = false;
    this.#retries = 0;
    this.#pending = true;
    this.#reconnect();
  }

  /** Connects at once after the account turned on two-factor sign-in, if that is what held it back. */
  twoFactorEnabled(): void {
    if (!this.#awaitingTwoFactor) return;
    this.#awaitingTwoFactor = false;
    this.#retries = 0;
    this.#pending = true;
    this.#reconnect();
  }

  get connected(): boolean {
    return this.status === "connected";
  }

  /** Calls `listener` for every `event` the server pushes, across reconnects; returns the unsubscribe. */
  on<E extends ServerEvent>(event: E, listener: ServerToClientEvents[E]): () => void {
    const entry: [ServerEvent, (...args: never[]) => void] = [event, listener];
    this.#listeners.add(entry);
    (this.#socket as unknown as UntypedSocket | null)?.on(event, listener);
    return () => {
      this.#listeners.delete(entry);
      (this.#socket as unknown as UntypedSocket | null)?.off(event, listener);
    };
  }

  /**
   * Calls `listener` after every connect, with `true` when it is a reconnect: the server has
   * forgotten this socket's rooms by then, and pushes sent meanwhile are lost.
   */
  onConnect(listener: (reconnected: boolean) => void): () => void {
    this.#connectListeners.add(listener);
    return () => this.#connectListeners.delete(listener);
  }

  /**
   * Sends a command and waits for its ack. Without a connection, or without an answer in time, it
   * resolves to `unavailable` rather than queueing: callers decide what is safe to send again.
   */
  async request<K extends CommandName>(
    event: K,
    payload: CommandPayload<K>,
    timeoutMs = ACK_TIMEOUT_MS,
  ): Promise<Ack<CommandResult<K>>> {
    const socket = this.#socket;
    if (!socket?.connected) return { ok: false, error: NOT_CONNECTED };
    try {
      const timed = socket.timeout(timeoutMs) as unknown as UntypedSocket;
      return (await timed.emitWithAck(event, payload)) as Ack<CommandResult<K>>;
    } catch {
      return { ok: false, error: NO_ANSWER };
    }
  }

  /** Fire-and-forget: dropped when not connected (typing indicators are stale a moment later anyway). */
  sendTyping(payload: Parameters<ClientToServerEvents["chat:typing"]>[0]): void {
    if (this.#socket?.connected) this.#socket.volatile.emit("chat:typing", payload);
  }

  async sendAnnouncement(text: string): Promise<Ack<Announcement>> {
    const result = await this.request("announcement:send", { text });
    if (result.ok) this.#remember(result.data);
    return result;
  }

  #remember(announcement: Announcement): void {
    if (this.announcements.some((known) => known.id === announcement.id)) return;
    this.announcements = [announcement, ...this.announcements].slice(0, MAX_ANNOUNCEMENTS);
  }

  async #renew(token: string): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected) return;
    try {
      const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("session:renew", { token });
      if (!result.ok) console.warn("session renewal refused", result.error.code);
    } catch {
      // No answer: if the server really holds a stale token it ends the session, and we reconnect.
    }
  }

  /** The server refused the handshake; `code` is one of the platform's error codes. */
  #refused(code: string): void {
    switch (code as ErrorCode) {
      case "token_expired":
        this.#afterRefresh();
        return;
      case "protocol_mismatch":
        this.updateAvailable = true;
        this.#pending = false;
        this.#sync();
        return;
      case "unauthorized":
        // The server no longer accepts this token (for example after a key rotation); a refresh may fix it.
        if (this.#retriedRefusedToken) auth.end("session_expired");
        else {
          this.#retriedRefusedToken = true;
          this.#afterRefresh();
        }
        return;
      case "refresh_reused":
        auth.end("session_expired");
        return;
      case "account_disabled":
        auth.end("account_disabled");
        return;
      case "two_factor_required":
        // Retrying cannot help: the app sends the account to turn it on, and connects after.
        this.#awaitingTwoFactor = true;
        this.#pending = false;
        this.#sync();
        return;
      default:
        // A transport failure retries on its own; a refusal such as rate_limited is retried here.
        if (this.#socket && !this.#socket.active) this.#retryLater();
        this.#sync();
    }
  }

  #afterDisconnect(): void {
    const reason = this.#endReason;
    this.#endReason = null;
    this.ready = null;
    if (reason) {
      this.#ended(reason);
    } else if (this.#socket && !this.#socket.active) {
      // The server closed the socket without saying why: it may be restarting.
      this.#retryLater();
    }
    this.#sync();
  }

  #ended(reason: SessionEndReason): void {
    switch (reason) {
      case "token_expired":
        this.#afterRefresh();
        return;
      case "account_disabled":
        auth.end("account_disabled");
        return;
      case "logged_out":
      case "password_changed":
        auth.end("signed_out_elsewhere");
        return;
      case "refresh_reused":
        auth.end("session_expired");
        return;
      // The session stands; only its token ended. A refresh brings the new role, then the socket reconnects.
      case "role_changed":
        this.#afterRefresh();
        return;
      case "shutting_down":
        this.#retryLater();
        return;
      case "too_many_sockets":
        this.pushedOut = true;
        this.#pending = false;
        return;
      default:
        assertNever(reason);
    }
  }

  #afterRefresh(): void {
    this.#pending = true;
    this.#sync();
    void auth.refresh().then((token) => {
      if (token) this.#reconnect();
      // No token: auth has signed out, and the page layout closes this connection.
    });
  }

  /** Reconnects after an exponential back-off with jitter, so a restarting cluster is not stampeded. */
  #retryLater(): void {
    clearTimeout(this.#retryTimer);
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.#retries);
    this.#retries++;
    this.#pending = true;
    this.#retryTimer = setTimeout(() => this.#reconnect(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #reconnect(): void {
    if (!this.#socket || this.#socket.connected) return;
    this.#socket.connect();
    this.#sync();
  }

  #sync(): void {
    const socket = this.#socket;
    if (!socket) this.status = "offline";
    else if (socket.connected) this.status = "connected";
    else if (browser && !navigator.onLine) this.status = "offline";
    else if (socket.active || this.#pending) this.status = "reconnecting";
    else this.status = "offline";
  }
}

export const connection = new Connection();

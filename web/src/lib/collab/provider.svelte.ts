/**
 * One open collaborative document: its Yjs replica, the y-websocket provider that keeps it in step
 * with the server, and what the page should say about the connection.
 *
 * Every connect presents a fresh single-use ticket, fetched over HTTPS just before (y-websocket
 * builds its URL from `params` on each connect). y-websocket's own reconnect would present the spent
 * one, so this class reconnects instead, after the same back-off. The endpoint closes refused or
 * failed connections with the codes in `COLLAB_CLOSE`: a refused ticket, an expired token or an
 * ended session fetch a new ticket (refreshing the access token); forbidden or missing documents,
 * removal from the room, a change the full document refused and too many documents open stop the
 * provider; a load failure and a shutting-down server are retried.
 */

import { type AwarenessUser, COLLAB_CLOSE, COLLAB_PATH, DOC_TYPES, type Role } from "@chalkline/shared";
import { removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { browser } from "$app/environment";
import { ApiError, collabApi } from "$lib/api";
import { userColor } from "./colors";

export type CollabStatus = "connecting" | "connected" | "offline";

export interface CollabUser {
  id: string;
  name: string;
  role: Role;
}

/** After this many failed attempts in a row the status says "offline" instead of "connecting". */
const OFFLINE_AFTER_ATTEMPTS = 3;
const MAX_BACKOFF_MS = 10_000;

/** Message ids: the text is looked up where it is shown, in the language of that moment. */
const PROBLEMS = {
  forbidden: "workspace.problem.forbidden",
  notFound: "workspace.problem.notFound",
  removed: "workspace.problem.removed",
  tooManyOpen: "workspace.problem.tooManyOpen",
  full: "workspace.problem.full",
  loadFailed: "workspace.problem.loadFailed",
  signedOut: "errors.code.unauthorized",
} as const;

export function collabServerUrl(origin = location.origin): string {
  return `${origin.replace(/^http/, "ws")}${COLLAB_PATH}`;
}

export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Who wrote what: client ids mapped to user ids, stored inside the document itself. */
  readonly users: Y.PermanentUserData;
  status = $state<CollabStatus>("connecting");
  /** The replica has exchanged state with the server since the last (re)connect. */
  synced = $state(false);
  /** The message id of what the person should know about the connection; null while all is well. */
  problem = $state<string | null>(null);
  /** The server will not serve this document again; nothing retries. */
  stopped = $state(false);

  #writable = false;
  #mapped = false;
  /** Connections refused in a row for their credentials: one fresh ticket is worth a try, a second refusal ends it. */
  #refusedTickets = 0;
  #closed = false;
  /** A ticket is being fetched; the connect follows it. */
  #connecting = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #onOnline = () => this.#kick();
  #onOffline = () => this.#sync();

  constructor(
    readonly docId: string,
    readonly user: CollabUser,
  ) {
    this.users = new Y.PermanentUserData(this.doc, this.doc.getMap(DOC_TYPES.users));
    this.provider = new WebsocketProvider(collabServerUrl(), docId, this.doc, {
      connect: false,
      params: {},
      maxBackoffTime: MAX_BACKOFF_MS,
      // The server decides who may write; tabs must not pass edits around it.
      disableBc: true,
    });
    // The server replaces `user` with the account's own before anyone sees this cursor; the local
    // copy says the same, so this tab reads itself as others do.
    const me: AwarenessUser = { id: user.id, name: user.name, role: user.role, ...userColor(user.id) };
    this.provider.awareness.setLocalStateField("user", me);

    this.provider.on("status", () => this.#sync());
    this.provider.on("sync", (synced: boolean) => this.#onSynced(synced));
    this.provider.on("connection-close", (event: CloseEvent | null) => this.#onClose(event));
    this.provider.on("closed", ({ code }: { code: number }) => this.#onTerminalClose(code));
  }

  /** Connects with a fresh ticket; returns itself so a page can write `new LiveDoc(…).open()`. */
  open(): this {
    if (!browser) return this;
    window.addEventListener("online", this.#onOnline);
    window.addEventListener("offline", this.#onOffline);
    void this.#connect();
    return this;
  }

  /**
   * Whether this person may edit now (the document is unlocked, or they moderate the room). Edits
   * are attributed to them only once they may write: a read-only replica's changes are dropped.
   */
  setWritable(writable: boolean): void {
    this.#writable = writable;
    this.#mapUser();
  }

  /** Idempotent: leaves awareness at once, so others see this person go, and closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    if (browser) {
      window.removeEventListener("online", this.#onOnline);
      window.removeEventListener("offline", this.#onOffline);
    }
    removeAwarenessStates(this.provider.awareness, [this.doc.clientID], "closed");
    this.provider.destroy();
    this.doc.destroy();
  }

  #onSynced(synced: boolean): void {
    this.synced = synced;
    if (!synced) return;
    this.#refusedTickets = 0;
    this.problem = null;
    this.#mapUser();
  }

  #mapUser(): void {
    // After the first sync, so the server's entry for this user is extended rather than replaced.
    if (this.#mapped || !this.#writable || !this.synced) return;
    this.#mapped = true;
    this.users.setUserMapping(this.doc, this.doc.clientID, this.user.id);
  }

  #onClose(event: CloseEvent | null): void {
    if (event?.code === COLLAB_CLOSE.load_failed) this.problem = PROBLEMS.loadFailed;
    // A close of our own (disconnect) stays closed, and 44xx closes go to #onTerminalClose; any
    // other is retried here rather than by y-websocket, which would present the spent ticket.
    const terminal = event !== null && !this.provider.shouldReconnect(event, this.provider);
    if (this.provider.shouldConnect && !terminal) {
      this.provider.shouldConnect = false;
      this.#retryLater();
    }
    this.#sync();
  }

  /** y-websocket gives up on 44xx codes and reports them here. */
  #onTerminalClose(code: number): void {
    if (this.#closed) return;
    switch (code) {
      case COLLAB_CLOSE.unauthorized:
      case COLLAB_CLOSE.session_ended:
        this.#reauthorise();
        return;
      case COLLAB_CLOSE.not_found:
        this.#stop(PROBLEMS.notFound);
        return;
      case COLLAB_CLOSE.removed:
        this.#stop(PROBLEMS.removed);
        return;
      case COLLAB_CLOSE.too_many_open:
        this.#stop(PROBLEMS.tooManyOpen);
        return;
      // The replica still holds the refused change and would send it again on every reconnect.
      case COLLAB_CLOSE.too_large:
        this.#stop(PROBLEMS.full);
        return;
      default:
        this.#stop(PROBLEMS.forbidden);
    }
  }

  /** The ticket was refused or the session's token ended: a new ticket (and token, if needed) once. */
  #reauthorise(): void {
    this.#refusedTickets++;
    if (this.#refusedTickets > 1) {
      this.#stop(PROBLEMS.signedOut);
      return;
    }
    void this.#connect();
  }

  /** Reconnects after the back-off y-websocket would have used: it doubles with each closed connection in a row. */
  #retryLater(): void {
    clearTimeout(this.#retryTimer);
    const delay = Math.min(2 ** (this.provider.wsUnsuccessfulReconnects + 1) * 100, MAX_BACKOFF_MS);
    this.#retryTimer = setTimeout(() => void this.#connect(), delay);
  }

  /** Fetches a ticket, then connects with it. */
  async #connect(): Promise<void> {
    if (this.#connecting || this.#closed || this.stopped) return;
    this.#connecting = true;
    clearTimeout(this.#retryTimer);
    this.status = "connecting";
    try {
      const ticket = await collabApi.ticket(this.docId);
      if (this.#closed || this.stopped) return;
      this.provider.params = { ticket };
      this.provider.connect();
    } catch (error) {
      this.#ticketRefused(error);
    } finally {
      this.#connecting = false;
      this.#sync();
    }
  }

  #ticketRefused(error: unknown): void {
    // The API client has refreshed once already: a 401 is signed out, and the app layout takes the person to the login page.
    const problem =
      error instanceof ApiError
        ? { 401: PROBLEMS.signedOut, 403: PROBLEMS.forbidden, 404: PROBLEMS.notFound }[error.status]
        : undefined;
    if (problem) {
      this.#stop(problem);
      return;
    }
    // Unreachable or busy: counted like a failed connection, and tried again after the back-off.
    this.provider.wsUnsuccessfulReconnects++;
    this.#retryLater();
  }

  #stop(problem: string): void {
    clearTimeout(this.#retryTimer);
    this.stopped = true;
    this.problem = problem;
    this.provider.disconnect();
    this.#sync();
  }

  /** Back online: try now instead of waiting out the back-off. */
  #kick(): void {
    if (this.#closed || this.stopped || this.provider.wsconnected) return;
    this.provider.disconnect();
    void this.#connect();
  }

  #sync(): void {
    const p = this.provider;
    if (p.wsconnected) this.status = "connected";
    else if (this.stopped || !navigator.onLine || p.wsUnsuccessfulReconnects >= OFFLINE_AFTER_ATTEMPTS) {
      this.status = "offline";
    } else this.status = "connecting";
  }
}
